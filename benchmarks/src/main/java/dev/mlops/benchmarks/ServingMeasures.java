package dev.mlops.benchmarks;

import dev.mlops.benchmarks.ServingBenchmark.Bare;
import dev.mlops.benchmarks.ServingBenchmark.Rss;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.image.ImagePreprocessor;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The measurements of {@link ServingBenchmark} beside the load points: bare ONNX Runtime, the
 * server's memory over a long run, its {@code /metrics}, and waiting for a quieter machine.
 */
final class ServingMeasures {
  private static final int BATCH = ServingBenchmark.BATCH;
  private static final double MB = 1024 * 1024;

  private ServingMeasures() {}

  /**
   * Waits, up to {@code maxSeconds}, until other processes (not this JVM, not {@code process} when
   * given) used at most {@link ServingBenchmark#QUIET} of the cores over 2 seconds (the machine is
   * shared); returns their last measured share.
   */
  static double quiet(ServerProcess process, int maxSeconds) throws Exception {
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (true) {
      CpuShare start = CpuShare.now();
      long ticks = process == null ? 0 : process.cpuTicks();
      Thread.sleep(2000);
      double others = CpuShare.othersSince(start, process == null ? 0 : process.cpuTicks() - ticks);
      if (!(others > ServingBenchmark.QUIET) || System.nanoTime() > deadline) {
        return others;
      }
      System.out.printf("waiting for a quieter machine: others use %.0f%%%n", 100 * others);
    }
  }

  /**
   * Inference calls, images inferred and seconds inside ONNX Runtime so far, from our server's
   * {@code /metrics} (the batch-size and inference-latency histograms).
   */
  static double[] metrics(LoadGenerator load) throws java.io.IOException {
    Map<String, Double> m = scrape(load);
    return new double[] {
      m.getOrDefault("mlops_batch_size_count", 0.0),
      m.getOrDefault("mlops_batch_size_sum", 0.0),
      m.getOrDefault("mlops_inference_latency_seconds_sum", 0.0)
    };
  }

  /** Every sample of our server's {@code /metrics}, by its name and labels. */
  static Map<String, Double> scrape(LoadGenerator load) throws java.io.IOException {
    Map<String, Double> values = new HashMap<>();
    for (String line : load.get("/metrics").split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return values;
  }

  /**
   * Our server's resident memory at {@link ServingBenchmark#RSS_CLIENTS} clients: after each tenth
   * of {@code total} requests (the first is the baseline, after 10,000 of the full 100,000).
   */
  static List<Rss> memory(ServingModels.Served m, int total, ServingBenchmark.Starter starter)
      throws Exception {
    List<Rss> rss = new ArrayList<>();
    try (ServerProcess process = starter.start();
        LoadGenerator load =
            new LoadGenerator(process.port(), "/predictions/" + m.name(), m.images())) {
      int step = total / 10;
      for (int done = step; done <= total; done += step) {
        // The memory run is about the number of requests: an hour per tenth only bounds a hang.
        LoadGenerator.Result r = load.measure(ServingBenchmark.RSS_CLIENTS, step, 3600);
        if (r.requests() < step) {
          throw new IllegalStateException("the memory run sent only " + r.requests() + " requests");
        }
        Map<String, Double> jvm = scrape(load);
        Rss x =
            new Rss(
                done,
                process.rssMb(),
                r.perSecond(),
                jvm.getOrDefault("jvm_memory_committed_bytes{area=\"heap\"}", 0.0) / MB,
                jvm.getOrDefault("jvm_memory_committed_bytes{area=\"nonheap\"}", 0.0) / MB,
                jvm.getOrDefault("jvm_buffer_pool_used_bytes{pool=\"direct\"}", 0.0) / MB,
                process.heapResidentMb());
        rss.add(x);
        System.out.println(x);
      }
    }
    return rss;
  }

  /**
   * Bare ONNX Runtime on this JVM (no server running): ms per image of back-to-back batch-32 calls
   * on the request images' tensors, and ms per image of decoding and preprocessing them on one
   * thread, as the server does for each request.
   */
  static Bare bare(ServingModels.Served m, boolean int8) throws Exception {
    try (OnnxClassifier onnx = OnnxClassifier.open(m.onnx(int8), ServingBenchmark.THREADS)) {
      ImagePreprocessor preprocessor = new ImagePreprocessor(onnx.preprocessing());
      int size = onnx.preprocessing().tensorSize();
      boolean large = m.architecture().equals("resnet18");
      float[] pixels = new float[BATCH * size];
      preprocess(m, preprocessor, pixels, large ? 2 : 20);
      double preprocessMs = preprocess(m, preprocessor, pixels, large ? 4 : 50);
      int warmup = large ? 2 : 20;
      int calls = large ? 12 : 300;
      for (int i = 0; i < warmup; i++) {
        onnx.probabilities(pixels, BATCH);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        onnx.probabilities(pixels, BATCH);
      }
      double inferenceMs = (System.nanoTime() - t1) / 1e6 / calls / BATCH;
      float[] one = java.util.Arrays.copyOf(pixels, size);
      long[] single = new long[calls * 4];
      for (int i = 0; i < warmup * 4; i++) {
        onnx.probabilities(one, 1);
      }
      for (int i = 0; i < single.length; i++) {
        long t = System.nanoTime();
        onnx.probabilities(one, 1);
        single[i] = System.nanoTime() - t;
      }
      java.util.Arrays.sort(single);
      return new Bare(
          m.name(),
          int8 ? "int8" : "fp32",
          inferenceMs,
          LoadGenerator.percentile(single, 50) / 1e6,
          preprocessMs,
          Double.NaN);
    }
  }

  /** Decodes and preprocesses {@code rounds} batches into {@code pixels}; ms per image. */
  static double preprocess(
      ServingModels.Served m, ImagePreprocessor preprocessor, float[] pixels, int rounds)
      throws java.io.IOException {
    int size = preprocessor.preprocessing().tensorSize();
    long start = System.nanoTime();
    int images = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < BATCH; i++, images++) {
        byte[] png = m.images().get(images % m.images().size());
        float[] tensor = preprocessor.tensor(ImageIO.read(new ByteArrayInputStream(png)));
        System.arraycopy(tensor, 0, pixels, i * size, size);
      }
    }
    return (System.nanoTime() - start) / 1e6 / images;
  }
}
