package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureStoreException;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.VectorIndex;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The k-NN index of the served model: the embeddings (view {@code embedding/<model>/v<N>} at the
 * model's fingerprint) of the training split of the dataset version the model was trained on. Built
 * on first use per loaded model, not per request; rebuilt after a hot reload and when the view has
 * gained rows, so materializing while the server runs is picked up without a restart. The check is
 * cheap: at most every {@link #RECHECK_NANOS}, and only when the database files changed since the
 * last check (size and time of {@code features.db} and its WAL), one count query; counting scans
 * the view's rows, which would cost milliseconds per request at 100,000 embeddings.
 */
final class SimilarIndex {
  /** How often a request may check the view's row count. */
  static final long RECHECK_NANOS = 1_000_000_000L;

  /** How to fill {@code view}: the features goal, for the served version's embedding view. */
  static String materializeHint(dev.mlops.core.features.FeatureView view) {
    if (!view.isVector()) {
      return "run mvn mlops:features";
    }
    String version = view.name().substring(view.name().lastIndexOf('/') + 1);
    return "run mvn mlops:features -Dmlops.features.views=embedding"
        + " -Dmlops.features.embeddingModel="
        + version;
  }

  /**
   * A built index.
   *
   * @param model the served version it belongs to (compared by identity)
   * @param view the embedding view read
   * @param index the training images' embeddings
   * @param images every image of the dataset version, by content hash (the training split's are the
   *     candidates, any of them may be a query)
   * @param rows the view's row count when built
   */
  record Built(
      ServedModel model,
      FeatureView view,
      VectorIndex index,
      Map<String, ManifestEntry> images,
      long rows) {

    /** Whether {@code sha256} is a candidate (its thumbnail may be served). */
    boolean candidate(String sha256) {
      ManifestEntry e = images.get(sha256);
      return e != null && e.split() == Split.TRAIN && index.size() > 0;
    }
  }

  private final ServeConfig config;
  private final ServedFeatures features;
  private Built built;
  private long checkedAt;
  private String stamp = "";

  SimilarIndex(ServeConfig config, ServedFeatures features) {
    this.config = config;
    this.features = features;
  }

  /**
   * The index of {@code model}, built or rebuilt when needed.
   *
   * @throws ApiException 409 when the model has no dataset version or no training image has an
   *     embedding (naming the fix), 503 when the registry or the engine fails
   */
  synchronized Built of(ServedModel model) {
    FeatureStore store = features.store();
    long now = System.nanoTime();
    boolean same = built != null && built.model() == model;
    if (same && now - checkedAt < RECHECK_NANOS) {
      return built;
    }
    try {
      String files = stamp(store.database());
      if (same && (files.equals(stamp) || store.count(built.view()) == built.rows())) {
        checkedAt = now;
        stamp = files;
        return built;
      }
      Map<String, ManifestEntry> images = same ? built.images() : images(model);
      FeatureView view = view(model);
      long rows = store.count(view);
      built = new Built(model, view, index(store, view, images), images, rows);
      checkedAt = now;
      stamp = files;
      return built;
    } catch (FeatureStoreException e) {
      throw new ApiException(503, "feature_store_unavailable", e.getMessage());
    }
  }

  /** Size and modification time of the database and its WAL: they change with every commit. */
  private static String stamp(Path database) {
    StringBuilder stamp = new StringBuilder();
    for (Path file : new Path[] {database, Path.of(database + "-wal")}) {
      try {
        stamp.append(Files.size(file)).append('@').append(Files.getLastModifiedTime(file));
      } catch (IOException e) {
        stamp.append("none");
      }
      stamp.append(';');
    }
    return stamp.toString();
  }

  /** The embedding view of the served version; opens the ONNX embedding session on first use. */
  static FeatureView view(ServedModel model) {
    ServedModel.ModelInfo info = model.info();
    try {
      return FeatureView.embedding(
          info.name(), info.versionName(), info.fingerprint(), model.classifier().embeddingSize());
    } catch (MlopsException e) {
      throw new ApiException(503, "embedding_unavailable", e.getMessage());
    }
  }

  private VectorIndex index(FeatureStore store, FeatureView view, Map<String, ManifestEntry> images)
      throws FeatureStoreException {
    List<String> train = new ArrayList<>();
    for (ManifestEntry e : images.values()) {
      if (e.split() == Split.TRAIN) {
        train.add(e.sha256());
      }
    }
    Map<String, double[]> values = store.getAll(view, train);
    return new VectorIndex(
        new ArrayList<>(values.keySet()), new ArrayList<>(values.values()), view.dimension());
  }

  /** The images of the dataset version the model was trained on, from the registry. */
  private Map<String, ManifestEntry> images(ServedModel model) {
    String dataset = model.info().datasetVersion();
    int at = dataset == null ? -1 : dataset.lastIndexOf("@v");
    if (at < 0) {
      throw new ApiException(
          409,
          "no_dataset_version",
          model.info().name()
              + " "
              + model.info().versionName()
              + " is served from a model directory, which names no dataset version: serve a"
              + " registered version (-Dmlops.alias=production, --alias) to find similar"
              + " training images");
    }
    Manifest manifest;
    try (RegistryRepository repo = RegistryRepository.open(config.projectDirectory())) {
      manifest =
          new DatasetVersions(repo, new ObjectStore(config.storeRoot()), Progress.NONE)
              .manifest(dataset.substring(0, at), Integer.parseInt(dataset.substring(at + 2)));
    } catch (MlopsException | RuntimeException e) {
      throw new ApiException(
          503,
          "registry_unavailable",
          "cannot read the manifest of " + dataset + " from the registry: " + e.getMessage());
    }
    Map<String, ManifestEntry> images = new HashMap<>();
    for (ManifestEntry e : manifest.entries()) {
      images.putIfAbsent(e.sha256(), e);
    }
    return images;
  }
}
