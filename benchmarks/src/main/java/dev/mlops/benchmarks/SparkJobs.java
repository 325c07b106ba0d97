package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.features.ImageStatsExtractor;
import dev.mlops.core.features.MaterializeResult;
import dev.mlops.core.predict.BatchPrediction;
import dev.mlops.core.predict.PredictRequest;
import dev.mlops.core.predict.PredictResult;
import dev.mlops.spark.FeaturesJob;
import dev.mlops.spark.FeaturesJobConfig;
import dev.mlops.spark.PredictJob;
import dev.mlops.spark.PredictJobConfig;
import dev.mlops.spark.ScanJob;
import dev.mlops.spark.ValidateJob;
import dev.mlops.spark.ValidateJobConfig;
import dev.mlops.spark.ValidateJobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The four jobs of {@code mlops-spark} and their single-JVM equivalents in the core, each run once
 * over the same images: every method returns the wall seconds of the work alone (deleting the
 * previous run's output is not timed) and fails when the work did not cover every image.
 */
final class SparkJobs {
  /** The jobs, in the order they run in a round. */
  enum Job {
    SCAN("scan (list + SHA-256)"),
    VALIDATE("validate (scan + inspect + checks)"),
    FEATURES("features (image-stats into the store)"),
    PREDICT("predict (cnn-small 64 px, ONNX Runtime)");

    final String title;

    Job(String title) {
      this.title = title;
    }
  }

  /**
   * What every run reads and where it writes.
   *
   * @param data the images ({@code train/class-k/img-i.jpg})
   * @param manifest their manifest (the features' input)
   * @param refs the manifest's images as the feature store takes them
   * @param model the exported ONNX model
   * @param out a scratch directory for stores, reports and predictions
   */
  record Inputs(Path data, Manifest manifest, List<ImageRef> refs, Path model, Path out) {
    int images() {
      return manifest.entries().size();
    }
  }

  private SparkJobs() {}

  /** The core's path on {@code threads} threads. */
  static double local(Job job, Inputs in, int threads) throws Exception {
    return switch (job) {
      case SCAN -> localScan(in, threads);
      case VALIDATE -> localValidate(in, threads);
      case FEATURES -> localFeatures(in, threads);
      case PREDICT -> localPredict(in, threads);
    };
  }

  /** The Spark job on {@code spark}, with its default partitions. */
  static double spark(Job job, Inputs in, SparkSession spark) throws Exception {
    return switch (job) {
      case SCAN -> sparkScan(in, spark);
      case VALIDATE -> sparkValidate(in, spark);
      case FEATURES -> sparkFeatures(in, spark, true);
      case PREDICT -> sparkPredict(in, spark);
    };
  }

  private static ScanResult scan(Path data, int threads) throws Exception {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, threads));
  }

  private static double localScan(Inputs in, int threads) throws Exception {
    long start = System.nanoTime();
    ScanResult scan = scan(in.data(), threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    check(scan.manifest().id().equals(in.manifest().id()), "local scan", scan.manifest().id());
    return seconds;
  }

  private static double sparkScan(Inputs in, SparkSession spark) throws Exception {
    long start = System.nanoTime();
    ScanJob.Result result = ScanJob.run(spark, ScanJob.Config.of(in.data().toString()));
    double seconds = (System.nanoTime() - start) / 1e9;
    check(result.manifest().id().equals(in.manifest().id()), "ScanJob", result.summary("data"));
    return seconds;
  }

  /** What {@code validate-data} does without a previous report: scan, then validate. */
  private static double localValidate(Inputs in, int threads) throws Exception {
    ValidationConfig config = ValidationConfig.builder().optThreads(threads).build();
    long start = System.nanoTime();
    ScanResult scan = scan(in.data(), threads);
    var result = new DataValidator().validate(in.data(), scan, config, Progress.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    check(result.stats().images() == in.images(), "local validation", result.stats());
    return seconds;
  }

  private static double sparkValidate(Inputs in, SparkSession spark) throws Exception {
    Path output = in.out().resolve("validation.json");
    Files.deleteIfExists(output);
    ValidationConfig config = ValidationConfig.builder().build();
    long start = System.nanoTime();
    ValidateJobResult result =
        ValidateJob.run(spark, ValidateJobConfig.of(in.data(), output, config));
    double seconds = (System.nanoTime() - start) / 1e9;
    check(
        !result.reused() && result.validation().stats().images() == in.images(),
        "ValidateJob",
        result);
    return seconds;
  }

  /** Materialization into an empty store: opening, computing, committing and closing it. */
  private static double localFeatures(Inputs in, int threads) throws Exception {
    Path store = emptyStore(in);
    long start = System.nanoTime();
    MaterializeResult result;
    try (FeatureStore s = FeatureStore.open(store)) {
      result = s.materialize(new ImageStatsExtractor(), in.refs(), threads, Progress.NONE);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    check(result.computed() == in.images(), "local materialization", result.summary());
    return seconds;
  }

  /** The Spark job into an empty store; with {@code load}, including the driver's SQLite load. */
  static double sparkFeatures(Inputs in, SparkSession spark, boolean load) throws Exception {
    Path store = emptyStore(in);
    FeaturesJobConfig defaults = FeaturesJobConfig.of(in.data(), in.manifest(), store);
    FeaturesJobConfig config =
        new FeaturesJobConfig(in.data(), in.manifest(), store, 0, defaults.maxPixels(), load);
    long start = System.nanoTime();
    FeaturesJob.Result result = FeaturesJob.run(spark, config);
    double seconds = (System.nanoTime() - start) / 1e9;
    check(
        result.computed() == in.images() && (!load || result.loaded() == in.images()),
        "FeaturesJob",
        result.summary());
    return seconds;
  }

  /** The store root the feature runs write into, emptied first (not timed). */
  static Path emptyStore(Inputs in) throws Exception {
    Path store = in.out().resolve("store");
    FuzzBenchmark.deleteTree(store);
    return store;
  }

  /** {@code mlops:predict}: {@code threads} decoding threads and ONNX Runtime intra-op threads. */
  private static double localPredict(Inputs in, int threads) throws Exception {
    Path output = in.out().resolve("local.parquet");
    Files.deleteIfExists(output);
    PredictRequest request =
        PredictRequest.builder()
            .setModel(in.model())
            .setFiles(in.data(), output)
            .optThreads(threads)
            .optWorkers(threads)
            .build();
    long start = System.nanoTime();
    PredictResult result = new BatchPrediction(Progress.NONE).run(request);
    double seconds = (System.nanoTime() - start) / 1e9;
    check(result.images() == in.images() && result.failed() == 0, "local prediction", result);
    return seconds;
  }

  private static double sparkPredict(Inputs in, SparkSession spark) throws Exception {
    Path output = in.out().resolve("spark.parquet");
    Files.deleteIfExists(output);
    long start = System.nanoTime();
    PredictJob.Result result =
        PredictJob.run(spark, PredictJobConfig.of(in.model(), in.data(), output));
    double seconds = (System.nanoTime() - start) / 1e9;
    check(result.images() == in.images() && result.failed() == 0, "PredictJob", result.summary());
    return seconds;
  }

  private static void check(boolean ok, String what, Object result) {
    if (!ok) {
      throw new IllegalStateException(what + " did not cover every image: " + result);
    }
  }
}
