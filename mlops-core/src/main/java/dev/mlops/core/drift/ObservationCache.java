package dev.mlops.core.drift;

import java.util.Collection;
import java.util.Map;

/**
 * Values an {@link ObservationExtractor} may reuse instead of decoding an image again, keyed by the
 * image's SHA-256: its {@link ImageFeatures} and the model's raw embedding (the input of the final
 * linear layer). The feature store implements it; drift detection only needs this view of it.
 * Implementations never fail the caller: a cache that cannot be read answers nothing, one that
 * cannot be written keeps nothing, and says so once.
 */
public interface ObservationCache {
  /**
   * What is stored for an image; either part may be null.
   *
   * @param features the {@link ImageFeature} vector
   * @param embedding the model's raw embedding
   */
  record Cached(double[] features, float[] embedding) {}

  /**
   * The stored values of those of {@code sha256s} that have some.
   *
   * @param embeddingSize the model's embedding size, or 0 when no model runs (features only)
   */
  Map<String, Cached> lookup(Collection<String> sha256s, int embeddingSize);

  /**
   * Keeps newly computed values.
   *
   * @param features image features by SHA-256
   * @param embeddings raw embeddings by SHA-256 (empty when no model ran)
   */
  void save(Map<String, double[]> features, Map<String, float[]> embeddings);
}
