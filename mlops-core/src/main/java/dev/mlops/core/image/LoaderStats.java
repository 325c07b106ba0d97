package dev.mlops.core.image;

/**
 * What an {@link ImageLoader} cost since it was created or its stats were reset. When {@link
 * #waitNanos()} is small against the consumer's compute time, loading is not the bottleneck.
 *
 * @param waitNanos time the consumer spent blocked waiting for a batch
 * @param produceNanos time workers spent producing batches (decode, augment, normalise), summed
 *     over all workers; may exceed wall-clock time
 * @param batches batches delivered to the consumer
 * @param images images delivered to the consumer
 */
public record LoaderStats(long waitNanos, long produceNanos, long batches, long images) {
  /** {@link #waitNanos()} in seconds. */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  /** {@link #produceNanos()} in seconds. */
  public double produceSeconds() {
    return produceNanos / 1e9;
  }
}
