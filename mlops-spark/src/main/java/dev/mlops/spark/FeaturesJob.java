package dev.mlops.spark;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.features.EmbeddingExtractor;
import dev.mlops.core.features.FeatureExtractor;
import dev.mlops.core.features.FeatureMaterializer;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.features.ImageStatsExtractor;
import dev.mlops.core.features.MaterializeResult;
import dev.mlops.core.features.OfflineFeatures;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Materializes the {@code image-stats} view, and a registered model's embedding view, as a Spark
 * job, into the feature store's offline Parquet layout ({@link OfflineFeatures}), and loads the
 * rows into the SQLite feature store, so the store ends with exactly the rows {@code
 * mlops:features} writes on one machine: each value is computed by the core's {@link
 * ImageStatsExtractor} or {@link EmbeddingExtractor} through {@link FeatureMaterializer#compute},
 * the code the local run uses, on batches cut as the local run cuts them.
 *
 * <p>As the local run: one image per content hash (the first in manifest order), and only the
 * hashes the store lacks, so a re-run reads no image; unreadable images are counted and named, not
 * stored. Each partition writes its rows as one part, {@code part-<run>-<partition>.parquet}, where
 * {@code <run>} is derived from the hashes computed, so a retried task or a repeated run rewrites
 * the same file. The driver then loads the view's parts (rows already stored are kept).
 */
public final class FeaturesJob {
  static final String USAGE =
      "FeaturesJob [--master URL] --data DIR --manifest MANIFEST.json --store DIR"
          + " [--partitions 0] [--load true] [--views image-stats,embedding] [--model DIR"
          + " --modelName NAME --modelVersion vN --fingerprint F [--batchSize 64]]";

  private static final String EMBEDDING = "embedding";

  private FeaturesJob() {}

  /**
   * What the job did.
   *
   * @param view the view materialized
   * @param computed images whose values were computed (and written to parts)
   * @param reused images whose values the store had already
   * @param failed unreadable images, {@code "path: why"}, in manifest order
   * @param parts part files written
   * @param loaded rows the load added to the SQLite store (0 when not loaded)
   * @param seconds wall time on the driver
   */
  public record Result(
      FeatureView view,
      int computed,
      int reused,
      List<String> failed,
      int parts,
      long loaded,
      double seconds) {
    /**
     * As the local materializer reports it: {@link MaterializeResult#summary()} of this result is
     * the line {@code mlops:features} logs, word for word.
     */
    public MaterializeResult asMaterializeResult() {
      return new MaterializeResult(view, computed, reused, failed, seconds);
    }

    /** One line with the Spark details. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "FeaturesJob %s: %d computed, %d reused, %d unreadable, %d parts, %d rows loaded in %.1f"
              + " s",
          view.name(),
          computed,
          reused,
          failed.size(),
          parts,
          loaded,
          seconds);
    }
  }

  /** One partition's outcome (the rows themselves went to its part file). */
  private record PartResult(int rows, List<String> failed) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Opens the extractor a partition computes with, on the executor: a lambda that carries only
   * strings and numbers to the executors.
   */
  @FunctionalInterface
  private interface ExtractorSource extends Serializable {
    FeatureExtractor<?> open() throws MlopsException;
  }

  /**
   * Materializes the {@code image-stats} view on {@code spark}.
   *
   * @throws MlopsException when the store cannot be opened or a part cannot be written or loaded
   */
  public static Result run(SparkSession spark, FeaturesJobConfig config) throws MlopsException {
    long maxPixels = config.maxPixels();
    return materialize(
        spark, config, FeatureView.IMAGE_STATS, () -> new ImageStatsExtractor(maxPixels));
  }

  /**
   * Materializes the embedding view of {@code model} on {@code spark}: each executor loads the
   * model once ({@link ExecutorModels#predictor}) and its tasks share it. The images are cut into
   * batches of {@link EmbeddingModel#batchSize()} exactly as {@code mlops:features} cuts them on
   * one machine, and a partition holds whole batches, so every value equals the local run's bit for
   * bit.
   *
   * @throws MlopsException when the model cannot be loaded, or the store cannot be opened, or a
   *     part cannot be written or loaded
   */
  public static Result embeddings(
      SparkSession spark, FeaturesJobConfig config, EmbeddingModel model) throws MlopsException {
    Predictor predictor = ExecutorModels.predictor(model.directory());
    FeatureView view =
        FeatureView.embedding(
            model.name(), model.version(), model.fingerprint(), predictor.embeddingSize());
    String directory = model.directory().toAbsolutePath().toString();
    String name = model.name();
    String version = model.version();
    String fingerprint = model.fingerprint();
    int batchSize = model.batchSize();
    return materialize(
        spark,
        config,
        view,
        () -> {
          Predictor shared = ExecutorModels.predictor(Path.of(directory));
          return new EmbeddingExtractor(
              shared,
              FeatureView.embedding(name, version, fingerprint, shared.embeddingSize()),
              batchSize);
        });
  }

  private static Result materialize(
      SparkSession spark, FeaturesJobConfig config, FeatureView view, ExtractorSource extractor)
      throws MlopsException {
    long start = System.nanoTime();
    Map<String, ImageRef> distinct = new LinkedHashMap<>();
    for (ImageRef image : ImageRef.of(config.dataDirectory(), config.manifest())) {
      distinct.putIfAbsent(image.sha256(), image);
    }
    try (FeatureStore store = FeatureStore.open(config.storeRoot())) {
      Set<String> stored = store.keys(view);
      List<String[]> todo = new ArrayList<>();
      for (ImageRef image : distinct.values()) {
        if (!stored.contains(image.sha256())) {
          todo.add(new String[] {image.sha256(), image.name()});
        }
      }
      // A model's values depend on the batch an image is in (its last bits), so partitions hold
      // whole batches of the local run's size; image-stats are computed per image, so any cut is
      // exact and the images spread over the partitions evenly.
      int batchSize = view.isVector() ? Math.max(1, extractor.open().batchSize()) : 1;
      List<PartResult> parts =
          todo.isEmpty() ? List.of() : compute(spark, config, view, todo, batchSize, extractor);
      int computed = parts.stream().mapToInt(PartResult::rows).sum();
      List<String> failed = new ArrayList<>();
      parts.forEach(p -> failed.addAll(p.failed()));
      long loaded = 0;
      if (config.load() && computed > 0) {
        try {
          loaded = OfflineFeatures.load(store, view, config.storeRoot()).added();
        } catch (IOException e) {
          throw new MlopsException("cannot load the offline features: " + e.getMessage(), e);
        }
      }
      int written = (int) parts.stream().filter(p -> p.rows() > 0).count();
      return new Result(
          view,
          computed,
          distinct.size() - computed - failed.size(),
          failed,
          written,
          loaded,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Cuts {@code todo} into batches as the local materializer does and gives each partition a run of
   * whole batches, in order.
   */
  private static List<PartResult> compute(
      SparkSession spark,
      FeaturesJobConfig config,
      FeatureView view,
      List<String[]> todo,
      int batchSize,
      ExtractorSource extractor) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<List<String[]>> batches = new ArrayList<>();
    for (int from = 0; from < todo.size(); from += batchSize) {
      batches.add(new ArrayList<>(todo.subList(from, Math.min(todo.size(), from + batchSize))));
    }
    int partitions =
        Math.max(
            1,
            Math.min(
                batches.size(),
                config.partitions() > 0 ? config.partitions() : jsc.defaultParallelism()));
    StringBuilder keys = new StringBuilder(view.name()).append('\n');
    todo.forEach(t -> keys.append(t[0]).append('\n'));
    String run = Hashing.sha256(keys.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    String data = config.dataDirectory().toAbsolutePath().toString();
    String dir = OfflineFeatures.directory(config.storeRoot().toAbsolutePath(), view).toString();
    return jsc.parallelize(batches, partitions)
        .mapPartitionsWithIndex(
            (index, it) -> List.of(part(index, it, data, dir, run, extractor)).iterator(), true)
        .collect();
  }

  /** Computes one partition's values and writes its part: runs on an executor. */
  private static PartResult part(
      int index,
      Iterator<List<String[]>> batches,
      String data,
      String dir,
      String run,
      ExtractorSource source)
      throws IOException, MlopsException {
    Path root = Path.of(data);
    List<ImageRef> refs = new ArrayList<>();
    batches.forEachRemaining(
        b -> b.forEach(t -> refs.add(new ImageRef(t[0], root.resolve(t[1]), t[1]))));
    FeatureExtractor<?> extractor = source.open();
    List<String> failed = new ArrayList<>();
    Map<String, double[]> rows = FeatureMaterializer.compute(extractor, refs, failed);
    if (!rows.isEmpty()) {
      OfflineFeatures.writePart(
          Path.of(dir).resolve(OfflineFeatures.partName(run, index)), extractor.view(), rows);
    }
    return new PartResult(rows.size(), failed);
  }

  /**
   * For {@code spark-submit}: {@value #USAGE}. Bad arguments or input end the JVM with {@link
   * JobArgs#USAGE_EXIT} and one {@link JobArgs#ERROR_PREFIX} line naming every problem.
   */
  public static void main(String[] args) {
    JobArgs options =
        JobArgs.parse(
            args,
            Set.of(
                "data",
                "manifest",
                "store",
                "partitions",
                "load",
                "views",
                "model",
                "modelName",
                "modelVersion",
                "fingerprint",
                "batchSize"));
    String data = options.required("data");
    String manifestFile = options.required("manifest");
    String store = options.required("store");
    int partitions = options.integer("partitions", 0, 0);
    String load = options.optional("load", "true");
    if (!load.equals("true") && !load.equals("false")) {
      options.problem("--load is '" + load + "'; must be true or false");
    }
    List<String> views = new ArrayList<>();
    for (String view : options.optional("views", FeatureView.IMAGE_STATS_NAME).split(",")) {
      String v = view.trim();
      if (v.equals(FeatureView.IMAGE_STATS_NAME) || v.equals(EMBEDDING)) {
        views.add(v);
      } else {
        options.problem("--views names '" + v + "'; the views are image-stats and embedding");
      }
    }
    EmbeddingModel model = null;
    if (views.contains(EMBEDDING)) {
      String dir = options.required("model");
      String name = options.required("modelName");
      String version = options.required("modelVersion");
      String fingerprint = options.required("fingerprint");
      int batchSize = options.integer("batchSize", 64, 1);
      if (dir != null && name != null && version != null && fingerprint != null) {
        model = new EmbeddingModel(Path.of(dir), name, version, fingerprint, batchSize);
      }
    }
    options.exitOnProblems(USAGE);
    EmbeddingModel embedding = model;
    JobMain.run(
        options,
        "mlops-features",
        spark -> {
          Manifest manifest = readManifest(Path.of(manifestFile));
          FeaturesJobConfig config =
              new FeaturesJobConfig(
                  Path.of(data),
                  manifest,
                  Path.of(store),
                  partitions,
                  dev.mlops.core.image.ImagePreprocessor.DEFAULT_MAX_PIXELS,
                  Boolean.parseBoolean(load));
          for (String view : views) {
            Result result =
                view.equals(EMBEDDING) ? embeddings(spark, config, embedding) : run(spark, config);
            System.out.println(result.summary());
            System.out.println(result.asMaterializeResult().summary());
            result.failed().stream()
                .limit(10)
                .forEach(f -> System.out.println("could not read " + f));
          }
        });
  }

  private static Manifest readManifest(Path file) throws dev.mlops.core.MlopsException {
    try {
      return Manifest.fromJson(Files.readAllBytes(file));
    } catch (java.io.IOException e) {
      throw new dev.mlops.core.InvalidInputException(
          "--manifest " + file + " cannot be read as a manifest: " + e.getMessage(),
          file.toString());
    }
  }
}
