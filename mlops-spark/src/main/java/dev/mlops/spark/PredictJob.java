package dev.mlops.spark;

import dev.mlops.core.MlopsException;
import dev.mlops.core.predict.BatchPrediction;
import dev.mlops.core.predict.BatchPredictor;
import dev.mlops.core.predict.PredictResult;
import dev.mlops.core.predict.Prediction;
import dev.mlops.core.predict.PredictionsWriter;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Batch inference as a Spark job: the images of a directory through an exported ONNX model into one
 * Parquet file with the schema of {@link PredictionsWriter}, equal row for row to {@code
 * mlops:predict}'s single-machine file (the rows come from the same {@link BatchPredictor}).
 *
 * <p>The driver lists the images (sorted), reads the model and broadcasts its bytes. Each partition
 * takes a contiguous slice of the list and predicts it {@code batchSize} images at a time with the
 * executor's one shared ONNX Runtime session ({@link ExecutorModels}). The rows are computed in
 * parallel and kept by Spark (memory, spilling to disk), then streamed to the driver partition by
 * partition in list order and written there: one file, in the same order as a local run, with the
 * driver holding one partition at a time. An undecodable image is a row with an {@code error}.
 *
 * <p>Executors need {@code -Xss64m} ({@code spark.executor.extraJavaOptions}): ONNX Runtime's
 * kernels run on Spark's task threads, and native kernels want a deep stack.
 */
public final class PredictJob {
  static final String USAGE =
      "PredictJob [--master URL] --model DIR_OR_ONNX --incoming DIR --output FILE.parquet"
          + " [--batch-size 32] [--partitions 0] [--threads 1]";

  /** Errors kept for the log. */
  private static final int KEPT_ERRORS = 10;

  private PredictJob() {}

  /**
   * What the job wrote.
   *
   * @param output the Parquet file
   * @param images rows (one per image file)
   * @param failed rows with an error instead of a prediction
   * @param firstErrors the first few errors, for the log
   * @param partitions partitions the images were split into
   * @param bytes the file's size
   * @param seconds wall time on the driver
   */
  public record Result(
      Path output,
      long images,
      long failed,
      List<String> firstErrors,
      int partitions,
      long bytes,
      double seconds) {
    /** Copies the errors. */
    public Result {
      firstErrors = List.copyOf(firstErrors);
    }

    /**
     * As the single-machine run reports it: {@link PredictResult#summary()} of this result is the
     * line {@code mlops:predict} logs.
     */
    public PredictResult asPredictResult() {
      return new PredictResult(output, images, failed, firstErrors, bytes, seconds);
    }

    /** One line: counts, time, throughput. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "PredictJob: %d images (%d predicted, %d failed) in %d partitions, %.1f s, %.0f"
              + " images/s -> %s",
          images,
          images - failed,
          failed,
          partitions,
          seconds,
          images / Math.max(seconds, 1e-9),
          output);
    }
  }

  /**
   * Runs the job on {@code spark}.
   *
   * @throws MlopsException when the model or the directory is missing, or the file cannot be
   *     written
   */
  public static Result run(SparkSession spark, PredictJobConfig config) throws MlopsException {
    long start = System.nanoTime();
    Path modelFile = BatchPrediction.modelFile(config.model());
    byte[] model;
    try {
      model = Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new MlopsException("cannot read " + modelFile + ": " + e.getMessage(), e);
    }
    String sha256 = Hashing.sha256(model);
    List<String> paths = BatchPrediction.list(config.incoming());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions =
        Math.max(
            1,
            Math.min(
                paths.size(),
                config.partitions() > 0 ? config.partitions() : jsc.defaultParallelism()));
    Broadcast<byte[]> bytes = jsc.broadcast(model);
    List<String> labels;
    try {
      labels = ExecutorModels.session(sha256, bytes::value, config.threads()).labels();
    } catch (MlopsException e) {
      bytes.destroy();
      throw e;
    }
    String root = config.incoming().toAbsolutePath().toString();
    int batchSize = config.batchSize();
    int threads = config.threads();
    long maxPixels = config.maxPixels();
    JavaRDD<Prediction> rows =
        jsc.parallelize(paths, partitions)
            .mapPartitions(
                it -> {
                  BatchPredictor predictor =
                      new BatchPredictor(
                          ExecutorModels.session(sha256, bytes::value, threads),
                          batchSize,
                          maxPixels);
                  return new Batches(predictor, Path.of(root), it);
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // computes every partition in parallel; toLocalIterator then reads the kept rows in order
      rows.count();
      return write(config, labels, rows, partitions, start);
    } finally {
      rows.unpersist(false);
      bytes.destroy();
    }
  }

  private static Result write(
      PredictJobConfig config,
      List<String> labels,
      JavaRDD<Prediction> rows,
      int partitions,
      long start)
      throws MlopsException {
    try (PredictionsWriter writer = PredictionsWriter.open(config.output(), labels)) {
      long failed = 0;
      List<String> errors = new ArrayList<>();
      Iterator<Prediction> it = rows.toLocalIterator();
      while (it.hasNext()) {
        Prediction p = it.next();
        writer.write(p);
        if (!p.ok()) {
          failed++;
          if (errors.size() < KEPT_ERRORS) {
            errors.add(p.error());
          }
        }
      }
      long images = writer.rows();
      long size = writer.commit();
      return new Result(
          config.output().toAbsolutePath().normalize(),
          images,
          failed,
          errors,
          partitions,
          size,
          (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the predictions " + config.output() + ": " + e.getMessage(), e);
    }
  }

  /** A partition's rows, predicted one batch at a time as the iterator is consumed. */
  private static final class Batches implements Iterator<Prediction> {
    private final BatchPredictor predictor;
    private final Path root;
    private final Iterator<String> paths;
    private Iterator<Prediction> current = java.util.Collections.emptyIterator();

    Batches(BatchPredictor predictor, Path root, Iterator<String> paths) {
      this.predictor = predictor;
      this.root = root;
      this.paths = paths;
    }

    @Override
    public boolean hasNext() {
      if (!current.hasNext() && paths.hasNext()) {
        List<String> batch = new ArrayList<>(predictor.batchSize());
        while (paths.hasNext() && batch.size() < predictor.batchSize()) {
          batch.add(paths.next());
        }
        current = predictor.predict(root, batch).iterator();
      }
      return current.hasNext();
    }

    @Override
    public Prediction next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  /**
   * For {@code spark-submit}: {@value #USAGE}. Bad arguments or input end the JVM with {@link
   * JobArgs#USAGE_EXIT} and one {@link JobArgs#ERROR_PREFIX} line naming every problem.
   */
  public static void main(String[] args) {
    JobArgs options = JobArgs.parse(args, KEYS);
    PredictJobConfig config = config(options);
    options.exitOnProblems(USAGE);
    JobMain.run(
        options,
        "mlops-predict",
        spark -> {
          Result result = run(spark, config);
          System.out.println(result.summary());
          System.out.println(result.asPredictResult().summary());
          result.firstErrors().forEach(e -> System.out.println("predict: " + e));
        });
  }

  private static final Set<String> KEYS =
      Set.of("model", "incoming", "output", "batch-size", "partitions", "threads");

  /** The configuration {@code options} describe; problems are recorded in {@code options}. */
  static PredictJobConfig config(JobArgs options) {
    String model = options.required("model");
    String incoming = options.required("incoming");
    String output = options.required("output");
    int batchSize = options.integer("batch-size", BatchPredictor.DEFAULT_BATCH_SIZE, 1);
    int partitions = options.integer("partitions", 0, 0);
    int threads = options.integer("threads", 1, 0);
    if (!options.problems().isEmpty()) {
      return null;
    }
    return new PredictJobConfig(
        Path.of(model),
        Path.of(incoming),
        Path.of(output),
        batchSize,
        partitions,
        threads,
        dev.mlops.core.image.ImagePreprocessor.DEFAULT_MAX_PIXELS);
  }

  /** The argument keys {@link #main} knows. */
  static Set<String> keys() {
    return KEYS;
  }
}
