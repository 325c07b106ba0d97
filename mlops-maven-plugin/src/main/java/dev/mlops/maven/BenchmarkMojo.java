package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.export.BenchmarkConfig;
import dev.mlops.core.export.BenchmarkReport;
import dev.mlops.core.export.BenchmarkRequest;
import dev.mlops.core.export.InferenceBenchmark;
import dev.mlops.core.export.RuntimeResult;
import java.io.File;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Measures inference speed of the trained model: latency (p50/p90/p99) at batch 1 and throughput at
 * batch 32 in DJL on PyTorch (fp32), ONNX Runtime (fp32) and, when exported, ONNX Runtime (int8),
 * all with the same thread count. Invoked ({@code mvn mlops:benchmark}), after {@code mvn package}
 * has trained and exported the model. Writes {@code target/mlops/benchmark.json} and {@code
 * benchmark.html} next to the evaluation report, which links to it.
 */
@Mojo(name = "benchmark", threadSafe = true)
public final class BenchmarkMojo extends AbstractMlopsMojo {
  private static final String TABLE_ROW = "%-20s %7s %9s %9s %9s %12s";

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.skip", defaultValue = "false")
  private boolean skipBenchmark;

  /**
   * The trained model, run in DJL on PyTorch.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.benchmark.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * The exported fp32 ONNX model, run in ONNX Runtime.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.benchmark.onnxFile",
      defaultValue = "${project.build.directory}/mlops/model.onnx")
  private File onnxFile;

  /**
   * The exported int8 ONNX model, run in ONNX Runtime when the file exists (the log says when it
   * does not).
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.benchmark.int8File",
      defaultValue = "${project.build.directory}/mlops/model-int8.onnx")
  private File int8File;

  /**
   * Unmeasured batch-1 calls per runtime before measuring. Default 10.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.warmup")
  private Integer warmup;

  /**
   * Measured batch-1 calls per runtime (latency percentiles). Default 50.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.iterations")
  private Integer iterations;

  /**
   * Unmeasured calls per runtime at {@code throughputBatch} before measuring throughput. Default 2.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.batchWarmup")
  private Integer batchWarmup;

  /**
   * Measured calls per runtime at {@code throughputBatch} (throughput). Default 10.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.batchIterations")
  private Integer batchIterations;

  /**
   * Images per call for throughput. Default 32. Not called {@code batchSize}: a plugin-level {@code
   * <batchSize>} is the training batch and would otherwise apply here too.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.throughputBatch")
  private Integer throughputBatch;

  /**
   * Per runtime and batch size: stop measuring after this many seconds even when fewer calls ran.
   * Default 0 (no limit).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.timeBudgetSeconds")
  private Double timeBudgetSeconds;

  /**
   * Intra-op threads of every runtime (PyTorch's and ONNX Runtime's). Default: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.benchmark.threads")
  private Integer threads;

  /**
   * Where the machine-readable result is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.benchmark.output",
      defaultValue = "${project.build.directory}/mlops/benchmark.json")
  private File output;

  /**
   * Where {@code benchmark.html} is written; the evaluation report's {@code index.html} there links
   * to it.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.benchmark.reportDirectory",
      defaultValue = "${project.build.directory}/mlops/report")
  private File reportDirectory;

  @Override
  protected String goal() {
    return "benchmark";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipBenchmark);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    BenchmarkReport report =
        new InferenceBenchmark(progress)
            .benchmark(
                new BenchmarkRequest(
                    modelDirectory.toPath(),
                    onnxFile.toPath(),
                    int8File.toPath(),
                    output.toPath(),
                    reportDirectory.toPath(),
                    toConfig()));
    logTable(report);
    getLog().info(summary(report));
  }

  private BenchmarkConfig toConfig() throws InvalidInputException {
    return BenchmarkConfig.builder()
        .optWarmup(warmup)
        .optIterations(iterations)
        .optBatchWarmup(batchWarmup)
        .optBatchIterations(batchIterations)
        .optThroughputBatch(throughputBatch)
        .optTimeBudgetSeconds(timeBudgetSeconds)
        .optThreads(threads)
        .build();
  }

  private void logTable(BenchmarkReport report) {
    int batch = report.config().throughputBatch();
    getLog()
        .info(
            String.format(
                Locale.ROOT,
                TABLE_ROW,
                "runtime",
                "threads",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "img/s (b" + batch + ")"));
    for (RuntimeResult r : report.runtimes()) {
      getLog()
          .info(
              String.format(
                  Locale.ROOT,
                  TABLE_ROW,
                  r.name(),
                  r.threads(),
                  ms(r.latency().p50Ms()),
                  ms(r.latency().p90Ms()),
                  ms(r.latency().p99Ms()),
                  String.format(Locale.ROOT, "%.1f", r.throughput().imagesPerSecond())));
    }
  }

  private String summary(BenchmarkReport report) {
    Optional<RuntimeResult> djl = report.runtime(InferenceBenchmark.DJL_FP32);
    Optional<RuntimeResult> fp32 = report.runtime(InferenceBenchmark.ONNX_FP32);
    Optional<RuntimeResult> int8 = report.runtime(InferenceBenchmark.ONNX_INT8);
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Benchmarked %d runtimes on %s (%d cores):",
                report.runtimes().size(),
                report.model(),
                report.machine().cores()));
    if (djl.isPresent() && fp32.isPresent()) {
      line.append(String.format(Locale.ROOT, " ONNX Runtime fp32 p50 %s DJL's", ratio(fp32, djl)));
    }
    if (int8.isPresent() && fp32.isPresent()) {
      line.append(String.format(Locale.ROOT, ", int8 p50 %s fp32's", ratio(int8, fp32)));
    }
    return line.append("; ")
        .append(output)
        .append(", ")
        .append(reportDirectory.toPath().resolve(InferenceBenchmark.PAGE))
        .toString();
  }

  /** "0.62x" of the other's p50: below 1 is faster. */
  private static String ratio(Optional<RuntimeResult> a, Optional<RuntimeResult> b) {
    return String.format(
        Locale.ROOT,
        "%.2fx",
        a.orElseThrow().latency().p50Ms() / b.orElseThrow().latency().p50Ms());
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
