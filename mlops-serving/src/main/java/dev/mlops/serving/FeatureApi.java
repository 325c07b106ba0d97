package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureStoreException;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.VectorIndex;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The feature routes: {@code GET /features/{view}/{sha256}} (a stored row), {@code GET
 * /similar/{sha256}?k=5} (the nearest training images by the served model's embedding, exact cosine
 * k-NN) and {@code GET /similar/images/{sha256}} (a candidate's bytes, for thumbnails; only images
 * of the candidate set, never other store objects).
 */
final class FeatureApi implements AutoCloseable {
  static final int MAX_K = 100;

  private final ServeConfig config;
  private final ModelSlot slot;
  private final ServedFeatures features;
  private final RecentPredictions recent;
  private final SimilarIndex similar;
  private final ObjectStore objects;
  private final ImageDecoder decoder;
  // Large stack: DJL runs the model in native code that wants a deep stack (see Batcher).
  private final ExecutorService engine =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(null, r, "mlops-embedding", 64L * 1024 * 1024);
            t.setDaemon(true);
            return t;
          });

  FeatureApi(
      ServeConfig config, ModelSlot slot, ServedFeatures features, RecentPredictions recent) {
    this.config = config;
    this.slot = slot;
    this.features = features;
    this.recent = recent;
    this.similar = new SimilarIndex(config, features);
    this.objects = new ObjectStore(config.storeRoot());
    this.decoder = new ImageDecoder(config.maxPixels());
  }

  // ---- GET /features/{view}/{sha256}

  void features(Context ctx) {
    String rest = ctx.pathParam("rest");
    int slash = rest.lastIndexOf('/');
    if (slash < 1) {
      throw ApiException.badRequest(
          "bad_path",
          "use GET /features/{view}/{sha256}, e.g. /features/image-stats/<64 hex digits>");
    }
    String name = rest.substring(0, slash);
    String sha = sha256(rest.substring(slash + 1));
    FeatureStore store = features.store();
    try {
      FeatureView view = store.view(name).orElseThrow(() -> unknownView(store, name));
      double[] values =
          store.get(view, sha).orElseThrow(() -> missingRow(view, sha, store.database()));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("view", view.name());
      body.put("version", view.version());
      body.put("sha256", sha);
      if (view.isVector()) {
        body.put("dimension", view.dimension());
        body.put("values", values);
      } else {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
          named.put(view.columns().get(i), values[i]);
        }
        body.put("values", named);
      }
      PredictionApi.json(ctx, body);
    } catch (FeatureStoreException e) {
      throw new ApiException(503, "feature_store_unavailable", e.getMessage());
    }
  }

  private static ApiException unknownView(FeatureStore store, String name) {
    List<String> names = new ArrayList<>(List.of(FeatureView.IMAGE_STATS_NAME));
    try {
      store.views().keySet().stream()
          .map(FeatureView::name)
          .filter(n -> !names.contains(n))
          .forEach(names::add);
    } catch (FeatureStoreException e) {
      // The listing only helps the message; the 404 stands without it.
    }
    return new ApiException(
        404,
        "unknown_view",
        "there is no feature view '"
            + RequestReader.abbreviate(name)
            + "' in the feature store; known views: "
            + String.join(", ", names));
  }

  private static ApiException missingRow(FeatureView view, String sha, java.nio.file.Path db) {
    return new ApiException(
        404,
        "no_features",
        view
            + " has no row for image "
            + sha
            + " in "
            + db
            + ": "
            + (view.isVector()
                ? SimilarIndex.materializeHint(view)
                : SimilarIndex.materializeHint(view)
                    + " for a dataset image, or serve with -Dmlops.serve.features=true"
                    + " (--store-features) to store those of served images"));
  }

  // ---- GET /similar/{sha256}?k=5

  void similar(Context ctx) {
    long start = System.nanoTime();
    String sha = sha256(ctx.pathParam("sha256"));
    int k = k(ctx);
    ServedModel model = slot.acquire();
    try {
      SimilarIndex.Built built = similar.of(model);
      if (built.index().size() == 0) {
        throw new ApiException(
            409,
            "embeddings_not_materialized",
            "no training image of "
                + model.info().datasetVersion()
                + " has an embedding in "
                + built.view()
                + ": "
                + SimilarIndex.materializeHint(built.view()));
      }
      Optional<double[]> stored = stored(built.view(), sha);
      double[] query = stored.isPresent() ? stored.get() : computed(model, built, sha);
      List<Map<String, Object>> matches = new ArrayList<>();
      for (VectorIndex.Match m : built.index().nearest(query, k, sha)) {
        ManifestEntry e = built.images().get(m.key());
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("sha256", m.key());
        match.put("path", e.path());
        match.put("label", e.label());
        match.put("similarity", m.similarity());
        matches.add(match);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sha256", sha);
      body.put("k", k);
      body.put("model", model.info().name());
      body.put("version", model.info().versionName());
      body.put("view", built.view().name());
      body.put("viewVersion", built.view().version());
      body.put("query", stored.isPresent() ? "stored" : "computed");
      body.put("candidates", built.index().size());
      body.put("matches", matches);
      body.put("latencyMs", (System.nanoTime() - start) / 1e6);
      PredictionApi.json(ctx, body);
    } finally {
      model.release();
    }
  }

  private Optional<double[]> stored(FeatureView view, String sha) {
    try {
      return features.store().get(view, sha);
    } catch (FeatureStoreException e) {
      throw new ApiException(503, "feature_store_unavailable", e.getMessage());
    }
  }

  /** The query image's embedding from its bytes, computed with the served model. */
  private double[] computed(ServedModel model, SimilarIndex.Built built, String sha) {
    byte[] bytes = imageBytes(built, sha);
    BufferedImage image = decoder.decode(bytes, "image " + sha);
    float[] tensor = model.preprocessor().tensor(image);
    Future<float[][]> rows = engine.submit(() -> model.classifier().embeddings(tensor, 1));
    try {
      float[] row = rows.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)[0];
      double[] query = new double[row.length];
      for (int i = 0; i < row.length; i++) {
        query[i] = row[i];
      }
      return query;
    } catch (TimeoutException e) {
      rows.cancel(true);
      throw new ApiException(503, "timeout", "no embedding within the request timeout; retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "stopping", "interrupted while computing the embedding");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MlopsException) {
        throw new ApiException(503, "embedding_unavailable", cause.getMessage());
      }
      throw new IllegalStateException("embedding failed: " + cause, cause);
    }
  }

  /**
   * The bytes of an image the server knows: a recent prediction's, a dataset image's, or a kept
   * served image's.
   */
  private byte[] imageBytes(SimilarIndex.Built built, String sha) {
    try {
      byte[] bytes = recent == null ? null : recent.bytes(sha);
      if (bytes != null) {
        return bytes;
      }
      if ((built.images().containsKey(sha) || config.keepImages()) && objects.has(sha)) {
        return objects.read(sha);
      }
    } catch (IOException | StoreException e) {
      throw new ApiException(503, "store", "cannot read image " + sha + ": " + e.getMessage());
    }
    throw new ApiException(
        404,
        "unknown_image",
        "image "
            + sha
            + " has no embedding in "
            + built.view()
            + " and its bytes are not here (not a recent prediction, not in the dataset): predict"
            + " it first (POST /predictions/"
            + config.modelName()
            + "), or "
            + SimilarIndex.materializeHint(built.view()));
  }

  // ---- GET /similar/images/{sha256}

  void candidateImage(Context ctx) {
    String sha = sha256(ctx.pathParam("sha256"));
    ServedModel model = slot.acquire();
    try {
      if (!similar.of(model).candidate(sha)) {
        throw new ApiException(
            404,
            "not_a_candidate",
            "image " + sha + " is not a training image of the served model with an embedding");
      }
      byte[] bytes = objects.read(sha);
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Cache-Control", "public, max-age=31536000, immutable");
      ctx.contentType(FeedbackApi.imageType(bytes)).result(bytes);
    } catch (StoreException e) {
      throw new ApiException(503, "store", "cannot read image " + sha + ": " + e.getMessage());
    } finally {
      model.release();
    }
  }

  // ---- parameters

  private static String sha256(String text) {
    if (!RecentPredictions.isSha256(text)) {
      throw ApiException.badRequest(
          "bad_sha256",
          "'"
              + RequestReader.abbreviate(text)
              + "' is not a SHA-256: give the image's content hash as 64 lower-case hex digits"
              + " (the imageSha256 of a prediction)");
    }
    return text;
  }

  private static int k(Context ctx) {
    String text = ctx.queryParam("k");
    if (text == null) {
      return 5;
    }
    try {
      int k = Integer.parseInt(text.trim());
      if (k >= 1 && k <= MAX_K) {
        return k;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "bad_k",
        "k is '" + RequestReader.abbreviate(text) + "'; use a whole number from 1 to " + MAX_K);
  }

  @Override
  public void close() {
    engine.shutdownNow();
  }
}
