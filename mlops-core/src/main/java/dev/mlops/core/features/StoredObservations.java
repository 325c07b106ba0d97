package dev.mlops.core.features;

import dev.mlops.core.Progress;
import dev.mlops.core.drift.ObservationCache;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature store as drift detection's {@link ObservationCache}: {@code image-stats} rows for
 * image features, the checked model's {@code embedding/<model>/<label>} rows for embeddings. A
 * store that cannot be read or written costs speed, never the check: the failure is logged once as
 * a warning and the images are decoded as without a store.
 */
public final class StoredObservations implements ObservationCache {
  private final FeatureStore store;
  private final String model;
  private final String label;
  private final String fingerprint;
  private final Progress progress;
  private boolean warned;

  private StoredObservations(
      FeatureStore store, String model, String label, String fingerprint, Progress progress) {
    this.store = store;
    this.model = model;
    this.label = label;
    this.fingerprint = fingerprint;
    this.progress = progress;
  }

  /** Image features only (no model's embeddings are read or kept). */
  public static StoredObservations imageStats(FeatureStore store, Progress progress) {
    return new StoredObservations(store, null, null, null, progress);
  }

  /**
   * Image features and the embeddings of one model.
   *
   * @param model the model's name
   * @param label {@code v<N>} for a registered version, otherwise {@code local}
   * @param fingerprint the model's training fingerprint (part of the view's version)
   */
  public static StoredObservations withEmbeddings(
      FeatureStore store, String model, String label, String fingerprint, Progress progress) {
    return new StoredObservations(store, model, label, fingerprint, progress);
  }

  /** The embedding view of the model, or null for features only. */
  public FeatureView embeddingView(int embeddingSize) {
    return model == null || embeddingSize < 1
        ? null
        : FeatureView.embedding(model, label, fingerprint, embeddingSize);
  }

  @Override
  public Map<String, Cached> lookup(Collection<String> sha256s, int embeddingSize) {
    List<String> keys = sha256s.stream().filter(s -> s != null).toList();
    Map<String, Cached> found = new HashMap<>();
    try {
      Map<String, double[]> stats = store.getAll(FeatureView.IMAGE_STATS, keys);
      FeatureView view = embeddingView(embeddingSize);
      Map<String, double[]> vectors = view == null ? Map.of() : store.getAll(view, keys);
      for (String sha : keys) {
        double[] s = stats.get(sha);
        double[] v = vectors.get(sha);
        if (s != null || v != null) {
          found.put(sha, new Cached(s, v == null ? null : toFloat(v)));
        }
      }
    } catch (FeatureStoreException e) {
      warnOnce("cannot read the feature store, decoding every image: " + e.getMessage());
      return Map.of();
    }
    return found;
  }

  @Override
  public void save(Map<String, double[]> features, Map<String, float[]> embeddings) {
    try {
      store.put(FeatureView.IMAGE_STATS, features);
      if (!embeddings.isEmpty()) {
        FeatureView view = embeddingView(embeddings.values().iterator().next().length);
        if (view != null) {
          Map<String, double[]> rows = new LinkedHashMap<>();
          embeddings.forEach((sha, e) -> rows.put(sha, toDouble(e)));
          store.put(view, rows);
        }
      }
    } catch (FeatureStoreException e) {
      warnOnce("cannot write the feature store, nothing kept for the next run: " + e.getMessage());
    }
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      progress.warn(message);
    }
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
