package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureStoreException;
import java.awt.image.BufferedImage;

/**
 * The server's feature store ({@code <store>/features/features.db}, opened on first use so a server
 * that never reads features never creates it) and, with {@code storeFeatures}, the writer of the
 * image-stats of served images.
 */
final class ServedFeatures implements AutoCloseable {
  private final ServeConfig config;
  private final FeatureWriter writer;
  private FeatureStore store;
  private boolean closed;

  private ServedFeatures(ServeConfig config, ServingMetrics metrics, ServerLog log)
      throws MlopsException {
    this.config = config;
    this.writer = config.storeFeatures() ? new FeatureWriter(open(), metrics, log) : null;
  }

  /**
   * The features of a server; with {@code storeFeatures} the store is opened now, so a store that
   * cannot be written stops the start.
   */
  static ServedFeatures open(ServeConfig config, ServingMetrics metrics, ServerLog log)
      throws MlopsException {
    return new ServedFeatures(config, metrics, log);
  }

  /**
   * The store.
   *
   * @throws ApiException 503 when it cannot be opened (the message names the file and the fix)
   */
  FeatureStore store() {
    try {
      return open();
    } catch (FeatureStoreException e) {
      throw new ApiException(503, "feature_store_unavailable", e.getMessage());
    }
  }

  private synchronized FeatureStore open() throws FeatureStoreException {
    if (closed) {
      throw new ApiException(503, "stopping", "the server is shutting down; retry elsewhere");
    }
    if (store == null) {
      store = FeatureStore.open(config.storeRoot());
    }
    return store;
  }

  /** Queues the image-stats of a served image for storing, when {@code storeFeatures} is on. */
  void served(String sha256, BufferedImage image) {
    if (writer != null) {
      writer.offer(sha256, image);
    }
  }

  /** Whether served images' image-stats are stored. */
  boolean storing() {
    return writer != null;
  }

  /** Writes what is queued (bounded), then closes the store. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    synchronized (this) {
      closed = true;
      if (store != null) {
        store.close();
      }
    }
  }
}
