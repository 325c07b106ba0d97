package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.image.ImagePreprocessor;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Throughput and latency of {@code mlops-serving} over HTTP, next to FastAPI + uvicorn + PyTorch on
 * the same machine in the same run: cnn-small at 32 px (trained on the example's digits) and
 * resnet18 at 224 px (random weights), our server with fp32 and int8 ONNX Runtime, at 1, 4, 16 and
 * 64 concurrent clients; our server with {@code maxBatchSize=1} at 16 clients; bare ONNX Runtime at
 * batch 32 as the floor; and the server JVM's resident memory over a long run. Every server runs in
 * its own process; this JVM is the load generator. Writes the "serving" section of {@code
 * docs/benchmarks.md}.
 *
 * <p>Usage: {@code ServingBenchmark <work dir> <docs/benchmarks.md> <peer/fastapi_server.py>
 * <example data dir> <mlops-serving runnable jar> [requests per point for cnn-small] [requests per
 * point for resnet18] [requests of the memory run] [seconds a point may wait for a quiet machine]}.
 */
public final class ServingBenchmark {
  static final int THREADS = 2;
  static final int[] CLIENTS = {1, 4, 16, 64};
  static final int BATCH = 32;
  static final int RSS_CLIENTS = 16;
  private static final double MB = 1024 * 1024;

  /** Other processes' share of the cores up to which a point starts without waiting. */
  static final double QUIET = 0.10;

  static final List<String> PEER_MODES = List.of("inline", "threadpool");

  /**
   * How many requests each point sends (configurable: the full run takes minutes), how long a point
   * may wait for other processes to calm down, and how long it may measure (a slow server sends
   * fewer requests; its warm-up is limited to a quarter of that).
   */
  record Counts(int small, int large, int rss, int quietSeconds, int pointSeconds) {
    int requests(ServingModels.Served m) {
      return m.architecture().equals("resnet18") ? large : small;
    }
  }

  /**
   * One measured point of one server.
   *
   * @param clients concurrent clients
   * @param load the load generator's measurements
   * @param serverCpuSeconds the server process's CPU time during the point
   * @param meanBatch images per inference call in our server (its {@code /metrics}); NaN for the
   *     peer
   * @param inferenceMs our server's time inside ONNX Runtime per image; NaN for the peer
   * @param others other processes' share of the cores during the point (0 to 1)
   */
  record Point(
      int clients,
      LoadGenerator.Result load,
      double serverCpuSeconds,
      double meanBatch,
      double inferenceMs,
      double others) {}

  /**
   * One server process and its points.
   *
   * @param model the served model's name
   * @param server {@code mlops} or the peer's description
   * @param runtime {@code fp32}, {@code int8} or the peer's runtime
   * @param maxBatchSize our server's batch limit (0 for the peer)
   * @param points the measured points
   * @param labels the label answered for each request image, in order
   */
  record Session(
      String model,
      String server,
      String runtime,
      int maxBatchSize,
      List<Point> points,
      List<String> labels) {
    Point at(int clients) {
      return points.stream().filter(p -> p.clients() == clients).findFirst().orElse(null);
    }
  }

  /**
   * Bare ONNX Runtime at batch 32, and decoding plus preprocessing alone, per image, with other
   * processes' share of the cores meanwhile.
   */
  record Bare(
      String model, String runtime, double inferenceMs, double preprocessMs, double others) {}

  /**
   * Resident memory of the server JVM after {@code requests} requests, and what the JVM itself says
   * it committed (its {@code /metrics}): the heap, the rest of its own memory (metaspace, code
   * cache), and the direct buffers; the remainder of the resident set is native memory the JVM does
   * not track (ONNX Runtime, thread stacks, malloc arenas).
   */
  record Rss(
      int requests,
      double mb,
      double perSecond,
      double heapMb,
      double nonHeapMb,
      double directMb) {}

  /** Everything the section reports. */
  record Results(
      List<ServingModels.Served> models,
      List<Bare> bare,
      List<Session> sessions,
      List<Rss> rss,
      double rssOthers,
      Counts counts,
      JsonNode peer) {}

  /** Starts a server process. */
  private interface Starter {
    ServerProcess start() throws Exception;
  }

  private ServingBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("serving");
    Path docs = Path.of(args[1]);
    Path peer = Path.of(args[2]);
    Path example = Path.of(args[3]);
    Path jar = Path.of(args[4]);
    Counts counts =
        new Counts(
            args.length > 5 ? Integer.parseInt(args[5]) : 10_000,
            args.length > 6 ? Integer.parseInt(args[6]) : 400,
            args.length > 7 ? Integer.parseInt(args[7]) : 100_000,
            args.length > 8 ? Integer.parseInt(args[8]) : 60,
            args.length > 9 ? Integer.parseInt(args[9]) : 60);
    List<ServingModels.Served> models =
        List.of(
            ServingModels.cnnSmall(work.resolve("cnn-small-32"), example),
            ServingModels.resnet18(work.resolve("resnet18-224")));
    List<Bare> bare = new ArrayList<>();
    for (ServingModels.Served m : models) {
      for (boolean int8 : new boolean[] {false, true}) {
        quiet(null, counts.quietSeconds());
        CpuShare start = CpuShare.now();
        Bare b = bare(m, int8);
        bare.add(
            new Bare(
                b.model(),
                b.runtime(),
                b.inferenceMs(),
                b.preprocessMs(),
                CpuShare.othersSince(start)));
        System.out.println(bare.get(bare.size() - 1));
      }
    }
    List<Session> sessions = new ArrayList<>();
    Path logs = work.resolve("logs");
    JsonNode[] peerBanner = {null};
    for (ServingModels.Served m : models) {
      for (boolean int8 : new boolean[] {false, true}) {
        String runtime = int8 ? "int8" : "fp32";
        sessions.add(
            session(
                m,
                "mlops",
                runtime,
                BATCH,
                CLIENTS,
                counts,
                () ->
                    ServerProcess.ours(
                        jar, m, int8, BATCH, logs.resolve(m.name() + "-" + runtime + ".log"))));
      }
      sessions.add(
          session(
              m,
              "mlops",
              "fp32",
              1,
              new int[] {16},
              counts,
              () -> ServerProcess.ours(jar, m, false, 1, logs.resolve(m.name() + "-batch1.log"))));
      for (String mode : PEER_MODES) {
        sessions.add(
            session(
                m,
                "FastAPI " + mode,
                "PyTorch fp32",
                0,
                CLIENTS,
                counts,
                () -> {
                  ServerProcess p =
                      ServerProcess.peer(
                          peer,
                          m,
                          mode,
                          THREADS,
                          logs.resolve(m.name() + "-peer-" + mode + ".log"));
                  peerBanner[0] = p.banner();
                  return p;
                }));
      }
    }
    CpuShare start = CpuShare.now();
    List<Rss> rss =
        memory(
            models.get(0),
            counts.rss(),
            () -> ServerProcess.ours(jar, models.get(0), false, BATCH, logs.resolve("rss.log")));
    double rssOthers = CpuShare.othersSince(start);
    String section =
        ServingRows.section(
            new Results(models, bare, sessions, rss, rssOthers, counts, peerBanner[0]));
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "serving", section);
  }

  /**
   * One server: starts it, records the label it answers for each request image, measures each point
   * once the machine is quiet enough (bounded), stops it.
   */
  private static Session session(
      ServingModels.Served m,
      String server,
      String runtime,
      int maxBatchSize,
      int[] clients,
      Counts counts,
      Starter starter)
      throws Exception {
    List<Point> points = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    try (ServerProcess process = starter.start();
        LoadGenerator load =
            new LoadGenerator(process.port(), "/predictions/" + m.name(), m.images())) {
      for (int i = 0; i < m.images().size(); i++) {
        JsonNode answer = Json.mapper().readTree(load.answer(i));
        labels.add(answer.path("label").asText());
      }
      int count = counts.requests(m);
      boolean ours = maxBatchSize > 0;
      for (int c : clients) {
        quiet(process, counts.quietSeconds());
        load.warm(c, Math.max(2 * c, count / 10), counts.pointSeconds() / 4.0);
        CpuShare start = CpuShare.now();
        long ticks = process.cpuTicks();
        double[] before = ours ? metrics(load) : null;
        LoadGenerator.Result r = load.measure(c, count, counts.pointSeconds());
        long used = process.cpuTicks() - ticks;
        double[] after = ours ? metrics(load) : null;
        Point p =
            new Point(
                c,
                r,
                ServerProcess.seconds(used),
                ours ? (after[1] - before[1]) / (after[0] - before[0]) : Double.NaN,
                ours ? 1000 * (after[2] - before[2]) / (after[1] - before[1]) : Double.NaN,
                CpuShare.othersSince(start, used));
        System.out.printf(
            "%s %s %s batch<=%d clients %d: %.1f img/s, p50 %.2f ms, p99 %.2f ms, batch %.1f,"
                + " others %.0f%%%n",
            m.name(),
            server,
            runtime,
            maxBatchSize,
            c,
            r.perSecond(),
            r.p50Ms(),
            r.p99Ms(),
            p.meanBatch(),
            100 * p.others());
        points.add(p);
      }
    }
    return new Session(m.name(), server, runtime, maxBatchSize, points, labels);
  }

  /**
   * Waits, up to {@code maxSeconds}, until other processes (not this JVM, not {@code process} when
   * given) used at most {@link #QUIET} of the cores over 2 seconds (the machine is shared); returns
   * their last measured share.
   */
  private static double quiet(ServerProcess process, int maxSeconds) throws Exception {
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (true) {
      CpuShare start = CpuShare.now();
      long ticks = process == null ? 0 : process.cpuTicks();
      Thread.sleep(2000);
      double others = CpuShare.othersSince(start, process == null ? 0 : process.cpuTicks() - ticks);
      if (!(others > QUIET) || System.nanoTime() > deadline) {
        return others;
      }
      System.out.printf("waiting for a quieter machine: others use %.0f%%%n", 100 * others);
    }
  }

  /**
   * Inference calls, images inferred and seconds inside ONNX Runtime so far, from our server's
   * {@code /metrics} (the batch-size and inference-latency histograms).
   */
  private static double[] metrics(LoadGenerator load) throws java.io.IOException {
    Map<String, Double> m = scrape(load);
    return new double[] {
      m.getOrDefault("mlops_batch_size_count", 0.0),
      m.getOrDefault("mlops_batch_size_sum", 0.0),
      m.getOrDefault("mlops_inference_latency_seconds_sum", 0.0)
    };
  }

  /** Every sample of our server's {@code /metrics}, by its name and labels. */
  private static Map<String, Double> scrape(LoadGenerator load) throws java.io.IOException {
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
   * Our server's resident memory at {@link #RSS_CLIENTS} clients: after each tenth of {@code total}
   * requests (the first is the baseline, after 10,000 of the full 100,000).
   */
  private static List<Rss> memory(ServingModels.Served m, int total, Starter starter)
      throws Exception {
    List<Rss> rss = new ArrayList<>();
    try (ServerProcess process = starter.start();
        LoadGenerator load =
            new LoadGenerator(process.port(), "/predictions/" + m.name(), m.images())) {
      int step = total / 10;
      for (int done = step; done <= total; done += step) {
        // The memory run is about the number of requests: an hour per tenth only bounds a hang.
        LoadGenerator.Result r = load.measure(RSS_CLIENTS, step, 3600);
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
                jvm.getOrDefault("jvm_buffer_pool_used_bytes{pool=\"direct\"}", 0.0) / MB);
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
  private static Bare bare(ServingModels.Served m, boolean int8) throws Exception {
    try (OnnxClassifier onnx = OnnxClassifier.open(m.onnx(int8), THREADS)) {
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
      return new Bare(m.name(), int8 ? "int8" : "fp32", inferenceMs, preprocessMs, Double.NaN);
    }
  }

  /** Decodes and preprocesses {@code rounds} batches into {@code pixels}; ms per image. */
  private static double preprocess(
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
