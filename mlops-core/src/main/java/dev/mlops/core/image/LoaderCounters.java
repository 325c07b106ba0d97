package dev.mlops.core.image;

import java.util.concurrent.atomic.LongAdder;

/** The running totals behind {@link LoaderStats}, updated by the consumer and the workers. */
final class LoaderCounters {
  private final LongAdder waitNanos = new LongAdder();
  private final LongAdder produceNanos = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder images = new LongAdder();

  void waited(long nanos) {
    waitNanos.add(nanos);
  }

  void produced(long nanos) {
    produceNanos.add(nanos);
  }

  void delivered(Batch batch) {
    batches.increment();
    images.add(batch.size());
  }

  LoaderStats snapshot() {
    return new LoaderStats(waitNanos.sum(), produceNanos.sum(), batches.sum(), images.sum());
  }

  void reset() {
    waitNanos.reset();
    produceNanos.reset();
    batches.reset();
    images.reset();
  }
}
