package dev.mlops.core.image;

import dev.mlops.core.MlopsException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The batches of one epoch, in order. Batch {@code i + prefetch} is handed to the workers when the
 * consumer takes batch {@code i}, so at most {@code prefetch} batches are being built or waiting.
 * Used by one consumer thread; {@link #cancel()} may come from another.
 */
final class EpochIterator implements Iterator<Batch> {
  private final int epoch;
  private final int[] order;
  private final int batchSize;
  private final int count;
  private final ExecutorService workers;
  private final BatchProducer producer;
  private final LoaderCounters counters;
  private final AtomicReferenceArray<Future<Batch>> futures;
  private int next;
  private int submitted;
  private volatile boolean cancelled;

  EpochIterator(
      int epoch,
      int[] order,
      int batchSize,
      int prefetch,
      ExecutorService workers,
      BatchProducer producer,
      LoaderCounters counters) {
    this.epoch = epoch;
    this.order = order;
    this.batchSize = batchSize;
    this.count = (order.length + batchSize - 1) / batchSize;
    this.workers = workers;
    this.producer = producer;
    this.counters = counters;
    this.futures = new AtomicReferenceArray<>(count);
    while (submitted < Math.min(prefetch, count)) {
      submit();
    }
  }

  @Override
  public boolean hasNext() {
    return next < count;
  }

  /**
   * The next batch, waiting for it if needed.
   *
   * @throws LoadFailedException when a worker failed, e.g. on an unreadable image
   * @throws IllegalStateException when the loader was closed or moved on to another epoch
   */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " has " + count + " batches");
    }
    checkActive();
    long start = System.nanoTime();
    Batch batch;
    try {
      batch = futures.get(next).get();
    } catch (ExecutionException e) {
      cancel();
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new CancellationException("interrupted while waiting for batch " + next);
    } catch (CancellationException e) {
      checkActive();
      throw e;
    } finally {
      counters.waited(System.nanoTime() - start);
    }
    futures.set(next++, null);
    counters.delivered(batch);
    if (submitted < count) {
      submit();
    }
    return batch;
  }

  /** Batches handed to the workers so far: taken batches plus at most {@code prefetch}. */
  int submitted() {
    return submitted;
  }

  /** Stops the work of this epoch; workers drop their batch at the next image. */
  void cancel() {
    cancelled = true;
    for (int i = 0; i < count; i++) {
      Future<Batch> future = futures.get(i);
      if (future != null) {
        future.cancel(true);
      }
    }
  }

  private void submit() {
    if (cancelled) {
      return;
    }
    int index = submitted++;
    int from = index * batchSize;
    int to = Math.min(order.length, from + batchSize);
    try {
      futures.set(
          index,
          workers.submit(
              () -> {
                long start = System.nanoTime();
                try {
                  return producer.produce(epoch, index, order, from, to);
                } finally {
                  counters.produced(System.nanoTime() - start);
                }
              }));
    } catch (RejectedExecutionException e) {
      cancelled = true;
      throw new IllegalStateException("the image loader is closed", e);
    }
  }

  private void checkActive() {
    if (cancelled) {
      throw new IllegalStateException(
          "epoch " + epoch + " was cancelled: the loader was closed or started another epoch");
    }
  }

  private RuntimeException failure(Throwable cause) {
    if (cause instanceof MlopsException m) {
      return new LoadFailedException(m);
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("image loader worker failed in epoch " + epoch, cause);
  }
}
