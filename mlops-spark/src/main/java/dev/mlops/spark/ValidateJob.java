package dev.mlops.spark;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.ImageInfo;
import dev.mlops.core.data.validate.NearDuplicatePair;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import dev.mlops.core.data.validate.ValidationStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.DoubleAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code validate-data} as a Spark job: the same checks and the same {@code validation.json}.
 *
 * <p>The files are hashed on the executors as {@link ScanJob} hashes them, or, given a hash cache,
 * on the driver by the core's {@link DatasetScanner} (the manifest is the local one either way).
 * The per-image work (header, pixel-bomb check, decode, perceptual hash) runs on executors, one
 * {@link ImageInfo} per file; the near-duplicate search is a banded self-join ({@link
 * NearDuplicateJoin}) on the executors. The driver then hands the collected inspections and the
 * found pairs to {@link DataValidator#validateInspected}, so every rule and message stays in the
 * core. Executors read the images through the file system path, so the data directory must be
 * visible to them under the same path (local, or a shared mount).
 *
 * <p>{@code spark-submit --class dev.mlops.spark.ValidateJob --conf
 * spark.driver.extraJavaOptions=-Xss64m --conf spark.executor.extraJavaOptions=-Xss64m
 * mlops-spark.jar --data DIR --output FILE [--key value ...]}: see {@link #main}.
 */
public final class ValidateJob {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateJob.class);

  private ValidateJob() {}

  /**
   * Validates the dataset of {@code config} on {@code spark} and writes the result to {@code
   * config.output()}, unless that file already holds the result of the same manifest, other files
   * and settings (as {@code validate-data} reuses it): then nothing runs on Spark.
   *
   * @throws MlopsException when the data directory cannot be scanned or an image cannot be read, or
   *     the result cannot be written
   */
  public static ValidateJobResult run(SparkSession spark, ValidateJobConfig config)
      throws MlopsException {
    return run(spark, config, logProgress());
  }

  /**
   * As {@link #run(SparkSession, ValidateJobConfig)}, reporting the scan, the reuse of an
   * up-to-date result and the job's steps to {@code progress}.
   */
  public static ValidateJobResult run(
      SparkSession spark, ValidateJobConfig config, Progress progress) throws MlopsException {
    ScanResult scan = scan(spark, config, progress);
    Optional<ValidationResult> previous =
        new DataValidator().upToDate(scan, config.validation(), config.output(), progress);
    if (previous.isPresent()) {
      return new ValidateJobResult(previous.get(), config.output(), true, 0, 0);
    }
    return validate(spark, config, scan, progress);
  }

  /**
   * The dataset's files and manifest. With a hash cache (as {@code validate-data} passes its own),
   * the driver scans with the core's {@link DatasetScanner}, which rehashes only changed files, so
   * an unchanged dataset is found up to date at the cost of listing it. Without one (a cluster run
   * of {@code spark-submit}), the executors hash the files as {@link ScanJob} does, so the one
   * serial step left on the driver is the listing: hashing every file on the driver would take most
   * of a large job's wall time.
   */
  private static ScanResult scan(SparkSession spark, ValidateJobConfig config, Progress progress)
      throws MlopsException {
    if (config.hashCacheFile() != null) {
      return new DatasetScanner(progress)
          .scan(
              new ScanConfig(config.dataDirectory(), config.splitPolicy(), config.hashCacheFile()));
    }
    String root = config.dataDirectory().toAbsolutePath().toString();
    ScanJob.Result scanned =
        ScanJob.run(spark, new ScanJob.Config(root, config.splitPolicy(), null, 0, false));
    progress.info(scanned.summary(root));
    int files = scanned.manifest().entries().size();
    return new ScanResult(
        scanned.manifest(),
        scanned.otherFiles(),
        new ScanResult.ScanStats(
            files,
            scanned.bytes(),
            files,
            scanned.bytes(),
            0,
            scanned.seconds(),
            spark.sparkContext().defaultParallelism()),
        scanned.symbolicLinks());
  }

  private static ValidateJobResult validate(
      SparkSession spark, ValidateJobConfig config, ScanResult scan, Progress progress)
      throws MlopsException {
    long start = System.nanoTime();
    List<ManifestEntry> entries = scan.manifest().entries();
    int slots = spark.sparkContext().defaultParallelism();
    int partitions =
        Math.max(
            1, Math.min(entries.size(), config.partitions() > 0 ? config.partitions() : slots * 4));
    progress.info(
        String.format(
            Locale.ROOT,
            "Validating %d images on Spark (%s) in %d partitions",
            entries.size(),
            spark.sparkContext().master(),
            partitions));
    DoubleAccumulator decodeSeconds = spark.sparkContext().doubleAccumulator("decodeSeconds");
    ValidationConfig settings = config.validation();
    JavaRDD<ImageInspection.Inspected> inspected =
        inspect(spark, config, entries, partitions, decodeSeconds);
    try {
      List<ImageInfo> images = collect(inspected, entries);
      double inspectSeconds = (System.nanoTime() - start) / 1e9;
      List<NearDuplicatePair> pairs =
          settings.enabled("near-duplicates")
              ? nearDuplicates(
                  spark, inspected, entries, settings.nearDuplicateDistance(), progress)
              : null;
      ValidationStats stats =
          new ValidationStats(
              images.size(),
              scan.manifest().totalBytes(),
              (System.nanoTime() - start) / 1e9,
              inspectSeconds,
              decodeSeconds.sum(),
              slots);
      ValidationResult result =
          new DataValidator()
              .validateInspected(
                  config.dataDirectory(), scan, images, pairs, settings, stats, progress);
      result.writeJson(config.output());
      return new ValidateJobResult(
          result, config.output(), false, partitions, pairs == null ? 0 : pairs.size());
    } catch (SparkException e) {
      throw new MlopsException(
          "the Spark validation of "
              + config.dataDirectory()
              + " failed: "
              + rootMessage(e)
              + "; check that every executor can read the data directory under that path",
          e);
    } finally {
      inspected.unpersist(false);
    }
  }

  /**
   * The inspections, computed lazily on the executors and kept: both the collection and the
   * near-duplicate join read them, and decoding twice would double the job's main cost.
   */
  private static JavaRDD<ImageInspection.Inspected> inspect(
      SparkSession spark,
      ValidateJobConfig config,
      List<ManifestEntry> entries,
      int partitions,
      DoubleAccumulator decodeSeconds) {
    List<ImageInspection.Entry> rows = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      rows.add(ImageInspection.Entry.of(i, entries.get(i)));
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(rows, partitions)
        .mapPartitions(
            new ImageInspection(
                config.dataDirectory().toAbsolutePath().toString(),
                config.validation().maxPixels(),
                decodeSeconds))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The inspections in manifest order, each with its manifest entry. */
  private static List<ImageInfo> collect(
      JavaRDD<ImageInspection.Inspected> inspected, List<ManifestEntry> entries)
      throws SparkException {
    List<ImageInspection.Inspected> rows = new ArrayList<>(sparkCall(inspected::collect));
    rows.sort(Comparator.comparingInt(ImageInspection.Inspected::index));
    List<ImageInfo> images = new ArrayList<>(rows.size());
    for (ImageInspection.Inspected row : rows) {
      images.add(row.toImageInfo(entries.get(row.index())));
    }
    return images;
  }

  private static List<NearDuplicatePair> nearDuplicates(
      SparkSession spark,
      JavaRDD<ImageInspection.Inspected> inspected,
      List<ManifestEntry> entries,
      int maxDistance,
      Progress progress)
      throws SparkException {
    JavaRDD<Row> hashed =
        inspected
            .filter(ImageInspection.Inspected::hashed)
            .map(
                i ->
                    RowFactory.create((long) i.index(), i.split(), i.sha256(), i.perceptualHash()));
    long start = System.nanoTime();
    Dataset<Row> hashes = spark.createDataFrame(hashed, NearDuplicateJoin.SCHEMA);
    List<Row> found = sparkCall(() -> NearDuplicateJoin.pairs(hashes, maxDistance).collectAsList());
    List<NearDuplicatePair> pairs = new ArrayList<>(found.size());
    for (Row row : found) {
      pairs.add(
          new NearDuplicatePair(
              entries.get((int) row.getLong(0)).path(), entries.get((int) row.getLong(1)).path()));
    }
    progress.info(
        String.format(
            Locale.ROOT,
            "Near-duplicate join (%d bands): %d pairs in %.1f s",
            maxDistance + 1,
            pairs.size(),
            (System.nanoTime() - start) / 1e9));
    return pairs;
  }

  /**
   * Runs a Spark action. Spark (Scala) throws a failed task's {@link SparkException} without
   * declaring it; a {@link Callable} lets Java catch it to be translated.
   */
  private static <T> T sparkCall(Callable<T> action) throws SparkException {
    try {
      return action.call();
    } catch (SparkException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  private static Progress logProgress() {
    return new Progress() {
      @Override
      public void info(String message) {
        LOG.info(message);
      }

      @Override
      public void warn(String message) {
        LOG.warn(message);
      }
    };
  }

  /**
   * Runs the job from the command line ({@code spark-submit}): {@code [--master URL] --data DIR
   * --output FILE [--key value ...]}, the keys named like the settings of {@code validate-data}
   * ({@code classes}, {@code maxPixels}, {@code maxImbalance}, {@code failOnImbalance}, {@code
   * nearDuplicateDistance}, {@code minWidth}, {@code minHeight}, {@code disabledChecks}; lists
   * comma-separated), plus {@code splitFractions}, {@code splitSeed} and {@code hashCache} of the
   * scan, {@code partitions}, {@code failOnErrors} and {@code summary}. Prints the summary {@code
   * validate-data} logs. Exits 0 when the data passed (or with {@code --failOnErrors false}), 1
   * when the validation found errors (the result is written either way), 2 for bad arguments or
   * input, 3 when the job could not run; a failure's message is one line on standard error starting
   * with {@link JobArgs#ERROR_PREFIX}.
   */
  public static void main(String[] args) {
    int status = ValidateJobArgs.main(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}
