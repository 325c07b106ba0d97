package dev.mlops.serving;

import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureStoreException;
import dev.mlops.core.features.FeatureView;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores the {@code image-stats} of served images, computed with {@link ImageFeatures#of} on the
 * image the request decoded (the code path drift detection and {@code mlops:features} run, so the
 * values are the same), on a thread of its own: a request only offers its decoded image to a
 * bounded queue (64 images, 32 megapixels). When the queue is full the image is dropped and counted
 * ({@code features_dropped{reason="queue_full"}}) rather than slow the answers; the values are pure
 * functions of the bytes, so {@code mlops:features} or a later request of the same image fills the
 * gap. Images already stored are not computed again.
 */
final class FeatureWriter implements AutoCloseable {
  /** Decoded images waiting at most. */
  static final int CAPACITY = 64;

  /**
   * Pixels waiting at most (about 128 MB as RGB ints): a decoded photo can take tens of megabytes,
   * so the queue is bounded by size too. A single image is always accepted into an empty queue.
   */
  static final long MAX_PENDING_PIXELS = 32L * 1024 * 1024;

  private static final int BATCH = 32;
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private record Item(String sha256, BufferedImage image) {}

  private final FeatureStore store;
  private final ServingMetrics metrics;
  private final ServerLog log;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong pendingPixels = new AtomicLong();
  private final long maxPendingPixels;
  private final Thread thread;
  private volatile boolean closed;

  FeatureWriter(FeatureStore store, ServingMetrics metrics, ServerLog log) {
    this(store, metrics, log, MAX_PENDING_PIXELS);
  }

  /** A writer with another bound on waiting pixels (for tests). */
  FeatureWriter(FeatureStore store, ServingMetrics metrics, ServerLog log, long maxPendingPixels) {
    this.maxPendingPixels = maxPendingPixels;
    this.store = store;
    this.metrics = metrics;
    this.log = log;
    this.thread = new Thread(this::run, "mlops-feature-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues one served image; never blocks. */
  void offer(String sha256, BufferedImage image) {
    if (closed) {
      metrics.featuresDropped("stopped", 1);
      return;
    }
    long pixels = (long) image.getWidth() * image.getHeight();
    long pending = pendingPixels.addAndGet(pixels);
    if ((pending > maxPendingPixels && pending != pixels)
        || !queue.offer(new Item(sha256, image))) {
      pendingPixels.addAndGet(-pixels);
      metrics.featuresDropped("queue_full", 1);
    }
  }

  private void run() {
    List<Item> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
        for (Item item : batch) {
          pendingPixels.addAndGet(-(long) item.image().getWidth() * item.image().getHeight());
        }
      } catch (InterruptedException e) {
        // close() gave up waiting: what is still queued is counted as stopped.
        break;
      } finally {
        batch.clear();
      }
    }
    int left = queue.size();
    if (left > 0) {
      metrics.featuresDropped("stopped", left);
    }
  }

  /** Computes the images not stored yet and writes them in one transaction. */
  private void write(List<Item> batch) {
    Map<String, BufferedImage> images = new LinkedHashMap<>();
    for (Item item : batch) {
      images.putIfAbsent(item.sha256(), item.image());
    }
    try {
      store.getAll(FeatureView.IMAGE_STATS, images.keySet()).keySet().forEach(images::remove);
      Map<String, double[]> rows = new LinkedHashMap<>();
      images.forEach((sha, image) -> rows.put(sha, ImageFeatures.of(image)));
      metrics.featuresStored(store.put(FeatureView.IMAGE_STATS, rows));
    } catch (FeatureStoreException | RuntimeException e) {
      metrics.featuresDropped("error", images.size());
      log.warn(
          "Cannot store the image-stats of " + images.size() + " served images: " + e.getMessage(),
          Map.of("event", "features_store_failed", "error", String.valueOf(e.getMessage())));
    }
  }

  /** Writes what is queued (waiting up to 10 s), then stops the thread. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_WAIT_MILLIS);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(CLOSE_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
