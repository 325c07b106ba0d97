package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.features.EmbeddingExtractor;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.features.ImageStatsExtractor;
import dev.mlops.core.features.MaterializeResult;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Materializes feature views for the project's current data: computes, for every image whose
 * content hash the store does not have yet, its {@code image-stats} (the drift statistics) and,
 * with {@code embedding} in {@code views}, a registered model's embedding, and stores them in the
 * feature store under the object store ({@code features/features.db}). Incremental: an unchanged
 * dataset reads no image. Logs one summary line per view. Bound to no phase; add an execution to
 * bind it.
 */
@Mojo(name = "features", threadSafe = true, aggregator = false, requiresProject = true)
public final class FeaturesMojo extends AbstractRegistryMojo {
  /** The most unreadable images listed by name. */
  private static final int LISTED_FAILURES = 10;

  private static final String EMBEDDING = "embedding";

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.skip", defaultValue = "false")
  private boolean skipFeatures;

  /**
   * The views to materialize, comma-separated: {@code image-stats} (brightness, contrast, channel
   * means, saturation, sharpness, width, height, aspect ratio) and {@code embedding} (the
   * penultimate layer of the registered model {@code model} names, stored as {@code
   * embedding/<name>/v<N>}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.views", defaultValue = "image-stats")
  private String views;

  /**
   * For the {@code embedding} view: the registered version ({@code v3} or {@code 3}) or alias
   * ({@code production}) whose embeddings are computed; empty: the newest registered version.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.embeddingModel")
  private String embeddingModel;

  /**
   * Decoding threads; 0: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.workers", defaultValue = "0")
  private int workers;

  /**
   * Images per forward pass of the {@code embedding} view.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.batchSize", defaultValue = "64")
  private int batchSize;

  /**
   * Runs the materialization as the Spark job FeaturesJob on this master ({@code local[2]}, {@code
   * spark://host:7077}, {@code yarn}, ...): the images are read and the values computed on the
   * executors (image-stats, and the model's embeddings in the same batches as a run without it),
   * written as Parquet parts in the store's offline layout ({@code features/offline/}) and loaded
   * into the same feature store, row for row what a run without it stores; unset: on this machine.
   * The job runs in a forked JVM with {@code dev.mlops:mlops-spark} and Spark, which Maven resolves
   * on first use; the data directory, the store and the model must be reachable from every executor
   * under the same paths.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.spark.master")
  private String sparkMaster;

  @Override
  protected String goal() {
    return "features";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipFeatures);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoExecutionException {
    List<String> wanted = parseViews();
    if (workers < 0 || batchSize < 1) {
      throw new InvalidInputException(
          "workers must be >= 0 (0: one per core) and batchSize >= 1, got "
              + workers
              + " and "
              + batchSize,
          workers + "," + batchSize,
          Remedy.setting(workers < 0 ? "workers" : "batchSize"));
    }
    int threads = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    Manifest manifest = scan(progress).manifest();
    if (onSpark(sparkMaster)) {
      materializeOnSpark(wanted, manifest, progress);
      return;
    }
    List<ImageRef> images = ImageRef.of(dataDirectory.toPath(), manifest);
    try (FeatureStore store = FeatureStore.open(objectStore().root())) {
      for (String view : wanted) {
        MaterializeResult result =
            view.equals(FeatureView.IMAGE_STATS_NAME)
                ? store.materialize(new ImageStatsExtractor(), images, threads, progress)
                : embeddings(store, images, threads, progress);
        report(result, progress);
      }
    }
  }

  private List<String> parseViews() throws InvalidInputException {
    List<String> out = new ArrayList<>();
    for (String v : views.split(",")) {
      String view = v.trim().toLowerCase(Locale.ROOT);
      if (view.isEmpty()) {
        continue;
      }
      if (!view.equals(FeatureView.IMAGE_STATS_NAME) && !view.equals(EMBEDDING)) {
        throw new InvalidInputException(
            "unknown feature view '"
                + v.trim()
                + "' in views; the views are image-stats and embedding (e.g."
                + " image-stats,embedding)",
            v.trim(),
            Remedy.setting("views"));
      }
      if (!out.contains(view)) {
        out.add(view);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(
          "views is empty; name image-stats, embedding or both", views, Remedy.setting("views"));
    }
    return out;
  }

  /**
   * Runs FeaturesJob once for every wanted view; the job logs the summary lines a local run logs.
   */
  private void materializeOnSpark(List<String> wanted, Manifest manifest, Progress progress)
      throws MlopsException, MojoExecutionException {
    Path manifestFile =
        Path.of(project.getBuild().getDirectory(), "mlops", "features-manifest.json");
    try {
      Files.createDirectories(manifestFile.getParent());
      Files.write(manifestFile, manifest.toCanonicalJson());
    } catch (IOException e) {
      throw new MlopsException("cannot write " + manifestFile + ": " + e.getMessage(), e);
    }
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--data", dataDirectory.getAbsolutePath()));
    args.addAll(List.of("--manifest", manifestFile.toAbsolutePath().toString()));
    args.addAll(List.of("--store", objectStore().root().toAbsolutePath().toString()));
    args.addAll(List.of("--views", String.join(",", wanted)));
    if (wanted.contains(EMBEDDING)) {
      Restored model = restoredModel(progress);
      args.addAll(List.of("--model", model.directory().toAbsolutePath().toString()));
      args.addAll(List.of("--modelName", model.card().name()));
      args.addAll(List.of("--modelVersion", model.card().versionName()));
      args.addAll(List.of("--fingerprint", model.card().fingerprint()));
      args.addAll(List.of("--batchSize", Integer.toString(batchSize)));
    }
    sparkJobs(progress).run(sparkMaster, "dev.mlops.spark.FeaturesJob", args);
  }

  /** A registered version and where its files were restored. */
  private record Restored(ModelVersionCard card, Path directory) {}

  /** The registered model {@code embeddingModel} names, restored to the registry cache. */
  private Restored restoredModel(Progress progress) throws MlopsException {
    Restored[] restored = new Restored[1];
    String name = modelName();
    withModels(
        progress,
        false,
        (registry, repo) -> {
          ModelVersionCard card = card(registry, name);
          restored[0] =
              new Restored(
                  card,
                  registry.restore(
                      card, Path.of(project.getBuild().getDirectory(), "mlops", "registry-cache")));
        });
    return restored[0];
  }

  /** The embedding view of the registered model {@code embeddingModel} names. */
  private MaterializeResult embeddings(
      FeatureStore store, List<ImageRef> images, int threads, Progress progress)
      throws MlopsException {
    Restored model = restoredModel(progress);
    ModelVersionCard card = model.card();
    try (Predictor predictor = ModelFiles.load(model.directory())) {
      FeatureView view =
          FeatureView.embedding(
              card.name(), card.versionName(), card.fingerprint(), predictor.embeddingSize());
      progress.info(
          "features " + view.name() + ": " + predictor.embeddingSize() + " values per image");
      return store.materialize(
          new EmbeddingExtractor(predictor, view, batchSize), images, threads, progress);
    }
  }

  private ModelVersionCard card(ModelRegistry registry, String name) throws MlopsException {
    if (embeddingModel != null && !embeddingModel.isBlank()) {
      return registry.card(name, embeddingModel.trim());
    }
    List<ModelVersionCard> cards = registry.list(name);
    if (cards.isEmpty()) {
      throw new InvalidInputException(
          "the embedding view needs a registered version of model "
              + name
              + ", and it has none; register one first (or leave embedding out of views)",
          name,
          Remedy.setting("views", "model"));
    }
    return cards.get(cards.size() - 1);
  }

  private void report(MaterializeResult result, Progress progress) {
    progress.info(result.summary());
    List<String> failed = result.failed();
    for (String f : failed.subList(0, Math.min(LISTED_FAILURES, failed.size()))) {
      progress.warn("features " + result.view().name() + ": could not read " + f);
    }
    if (failed.size() > LISTED_FAILURES) {
      progress.warn(
          "features "
              + result.view().name()
              + ": "
              + (failed.size() - LISTED_FAILURES)
              + " more unreadable images; validate-data lists them all");
    }
  }
}
