package dev.mlops.core.image;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the batches of an image split, epoch after epoch, built by {@code workers} threads ahead
 * of the consumer (at most {@code prefetchBatches} at a time) so the engine does not wait on
 * decoding. Images are decoded and resized once and kept in memory when they fit the cache budget;
 * later epochs only augment and normalise. The order of an epoch and each image's augmentation
 * depend only on (seed, epoch, image): the same batches for any number of workers.
 *
 * <p>One consumer thread calls {@link #epoch(int)} and iterates; starting an epoch abandons the
 * previous one. {@link #close()} stops the workers and waits for their threads to end.
 */
public final class ImageLoader implements AutoCloseable {
  /** The largest default decoded-image cache: 1 GiB (about 7,000 RGB images at 224 x 224). */
  public static final long MAX_DEFAULT_CACHE_BYTES = 1L << 30;

  private static final Logger LOG = LoggerFactory.getLogger(ImageLoader.class);
  private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int imageCount;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final int prefetchBatches;
  private final BatchProducer producer;
  private final LoaderCounters counters = new LoaderCounters();
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService pool;
  private EpochIterator current;
  private boolean closed;

  /**
   * Creates a loader whose decoded-image cache may use up to a quarter of the heap, at most {@link
   * #MAX_DEFAULT_CACHE_BYTES}.
   *
   * @param images the images of one split, in a stable order (e.g. the manifest's)
   * @param preprocessing input size, channels and normalisation
   * @param augmentation {@link Augmentation#NONE} except for the train split
   * @param batchSize images per batch, at least 1
   * @param shuffle whether each epoch visits the images in its own random order
   * @param seed the seed of the order and of the augmentation
   * @param workers threads building batches, at least 1
   * @param prefetchBatches batches built ahead of the consumer, at least 1; workers beyond this
   *     number stay idle
   */
  public ImageLoader(
      List<LabeledImage> images,
      Preprocessing preprocessing,
      Augmentation augmentation,
      int batchSize,
      boolean shuffle,
      long seed,
      int workers,
      int prefetchBatches) {
    this(
        images,
        preprocessing,
        augmentation,
        batchSize,
        shuffle,
        seed,
        workers,
        prefetchBatches,
        Math.min(MAX_DEFAULT_CACHE_BYTES, Runtime.getRuntime().maxMemory() / 4));
  }

  /**
   * Creates a loader with an explicit decoded-image cache budget; see {@link #ImageLoader(List,
   * Preprocessing, Augmentation, int, boolean, long, int, int)} for the other parameters.
   *
   * @param cacheBytes decoded images are kept when all of them fit ({@code images * channels *
   *     inputSize^2} bytes), else decoded again every epoch; 0 never keeps them
   */
  public ImageLoader(
      List<LabeledImage> images,
      Preprocessing preprocessing,
      Augmentation augmentation,
      int batchSize,
      boolean shuffle,
      long seed,
      int workers,
      int prefetchBatches,
      long cacheBytes) {
    require("batchSize", batchSize);
    require("workers", workers);
    require("prefetchBatches", prefetchBatches);
    List<LabeledImage> copy = List.copyOf(images);
    this.imageCount = copy.size();
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.prefetchBatches = prefetchBatches;
    this.producer =
        new BatchProducer(
            copy, new ImagePreprocessor(preprocessing), augmentation, seed, cacheBytes);
    this.pool = startPool(workers);
  }

  /**
   * Starts epoch {@code epoch} (from 0) and returns its batches in order; the last may be smaller
   * than the batch size. Abandons an unfinished previous epoch. The iterator throws {@link
   * LoadFailedException} (wrapping an {@link dev.mlops.core.InvalidInputException} naming the file)
   * when an image cannot be read.
   *
   * @throws IllegalStateException when the loader is closed
   */
  public synchronized Iterator<Batch> epoch(int epoch) {
    if (closed) {
      throw new IllegalStateException("the image loader is closed");
    }
    if (current != null) {
      current.cancel();
    }
    current =
        new EpochIterator(
            epoch, order(epoch), batchSize, prefetchBatches, pool, producer, counters);
    return current;
  }

  /** Batches in each epoch: the image count divided by the batch size, rounded up. */
  public int batchesPerEpoch() {
    return (imageCount + batchSize - 1) / batchSize;
  }

  /** Whether decoded images fit the cache budget and are decoded only once. */
  public boolean keepsDecodedImages() {
    return producer.keepsDecodedImages();
  }

  /** Costs since creation or the last {@link #resetStats()}. */
  public LoaderStats stats() {
    return counters.snapshot();
  }

  /** Starts the stats from zero, e.g. at the start of each epoch. */
  public void resetStats() {
    counters.reset();
  }

  /** Stops the workers and waits (up to 10 s) until their threads have ended. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (current != null) {
        current.cancel();
      }
    }
    pool.shutdownNow();
    long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
    List<Thread> started;
    synchronized (threads) {
      started = List.copyOf(threads);
    }
    try {
      for (Thread thread : started) {
        TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
        if (thread.isAlive()) {
          LOG.warn("image loader thread {} did not stop within 10 s", thread.getName());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The visiting order of {@code epoch}: a Fisher-Yates shuffle from (seed, epoch). */
  private int[] order(int epoch) {
    int[] order = new int[imageCount];
    for (int i = 0; i < imageCount; i++) {
      order[i] = i;
    }
    if (shuffle) {
      var random = Seeds.shuffle(seed, epoch);
      for (int i = imageCount - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  private ExecutorService startPool(int workers) {
    String prefix = "mlops-loader-" + Integer.toHexString(System.identityHashCode(this)) + "-";
    return new ThreadPoolExecutor(
        workers,
        workers,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        task -> {
          synchronized (threads) {
            Thread thread = new Thread(task, prefix + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
          }
        });
  }

  private static void require(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " is " + value + "; must be at least 1");
    }
  }
}
