package dev.mlops.core.export;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.image.Preprocessing;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Inference latency and throughput of a model in several runtimes: DJL on PyTorch (fp32), ONNX
 * Runtime fp32 and, when exported, ONNX Runtime int8. Every runtime gets the same random,
 * normalised input of the model's size and the same thread count; each is warmed up, then measured
 * call by call at batch 1 (p50/p90/p99 latency) and over back-to-back calls at the throughput batch
 * (images/s). The numbers say how fast, never how accurate: accuracy of the int8 model is measured
 * on real data by the export step.
 */
public final class InferenceBenchmark {
  /** The file name of the HTML page, written next to the evaluation report's {@code index.html}. */
  public static final String PAGE = "benchmark.html";

  /** The name of the DJL runtime in reports. */
  public static final String DJL_FP32 = "DJL PyTorch fp32";

  /** The name of the fp32 ONNX Runtime runtime in reports. */
  public static final String ONNX_FP32 = "ONNX Runtime fp32";

  /** The name of the int8 ONNX Runtime runtime in reports. */
  public static final String ONNX_INT8 = "ONNX Runtime int8";

  private final Progress progress;

  /** Creates a benchmark reporting each runtime's start and result to {@code progress}. */
  public InferenceBenchmark(Progress progress) {
    this.progress = progress;
  }

  /**
   * Benchmarks the model directory in DJL and its exported ONNX files in ONNX Runtime, writes the
   * JSON report and, when asked, {@code benchmark.html}.
   *
   * @throws MlopsException naming the file and the step to run when the model or the ONNX file is
   *     missing, or when a file cannot be read or written
   */
  public BenchmarkReport benchmark(BenchmarkRequest request) throws MlopsException {
    BenchmarkReport report;
    try (BenchmarkRuntimes runtimes = BenchmarkRuntimes.open(request, progress)) {
      report =
          run(request.config(), runtimes.model(), runtimes.preprocessing(), runtimes.runtimes());
    }
    report.write(request.output());
    if (request.reportDirectory() != null) {
      BenchmarkPage.write(request.reportDirectory(), report);
    }
    return report;
  }

  /**
   * Benchmarks the given runtimes, in order. The first is the reference of {@link
   * RuntimeResult#maxProbabilityDelta()}.
   *
   * @param model what is measured, for the report
   * @param input the model's input size, channels and normalisation
   */
  public BenchmarkReport run(
      BenchmarkConfig config, String model, Preprocessing input, List<BenchmarkRuntime> runtimes) {
    if (runtimes.isEmpty()) {
      throw new IllegalArgumentException("no runtime to benchmark");
    }
    float[] one = pixels(input, 1, config.seed());
    float[] batch = pixels(input, config.throughputBatch(), config.seed() + 1);
    List<RuntimeResult> results = new ArrayList<>();
    float[][] reference = null;
    for (BenchmarkRuntime runtime : runtimes) {
      progress.info(start(runtime, config));
      Measurement.Result m = Measurement.measure(runtime, config, one, batch);
      Double delta = reference == null ? null : maxDelta(reference, m.batchOutput());
      reference = reference == null ? m.batchOutput() : reference;
      RuntimeResult result =
          new RuntimeResult(
              runtime.name(),
              runtime.version(),
              runtime.threads(),
              m.latency(),
              m.throughput(),
              delta);
      progress.info(summary(result));
      results.add(result);
    }
    return new BenchmarkReport(
        model,
        config,
        MachineInfo.current(),
        results,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static String start(BenchmarkRuntime runtime, BenchmarkConfig c) {
    return String.format(
        Locale.ROOT,
        "Benchmarking %s (%s, intra-op threads: %d): %d warm-up + %d measured calls at batch 1, %d + %d at"
            + " batch %d",
        runtime.name(),
        runtime.version(),
        runtime.threads(),
        c.warmup(),
        c.iterations(),
        c.batchWarmup(),
        c.batchIterations(),
        c.throughputBatch());
  }

  private static String summary(RuntimeResult r) {
    LatencyStats l = r.latency();
    ThroughputStats t = r.throughput();
    return String.format(
        Locale.ROOT,
        "  %s: batch 1 p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (%d calls); batch %d %.1f img/s (%d"
            + " calls)",
        r.name(),
        l.p50Ms(),
        l.p90Ms(),
        l.p99Ms(),
        l.iterations(),
        t.batch(),
        t.imagesPerSecond(),
        t.iterations());
  }

  /**
   * {@code n} random images as the model sees them: uniform pixel values in [0,1] normalised with
   * the model's mean and std, NCHW.
   */
  static float[] pixels(Preprocessing input, int n, long seed) {
    Random random = new Random(seed);
    int plane = input.inputSize() * input.inputSize();
    int channels = input.channels();
    float[] mean = input.mean();
    float[] std = input.std();
    float[] pixels = new float[n * channels * plane];
    for (int i = 0; i < pixels.length; i++) {
      int c = (i / plane) % channels;
      pixels[i] = (random.nextFloat() - mean[c]) / std[c];
    }
    return pixels;
  }

  private static double maxDelta(float[][] reference, float[][] output) {
    double max = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i].length != reference[i].length) {
        throw new IllegalStateException(
            "runtimes disagree on the class count: "
                + reference[i].length
                + " vs "
                + output[i].length);
      }
      for (int c = 0; c < output[i].length; c++) {
        max = Math.max(max, Math.abs(output[i][c] - reference[i][c]));
      }
    }
    return max;
  }
}
