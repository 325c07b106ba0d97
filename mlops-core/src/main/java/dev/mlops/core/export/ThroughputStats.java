package dev.mlops.core.export;

/**
 * Throughput of back-to-back calls at one batch size.
 *
 * @param batch images per call
 * @param iterations measured calls (after warm-up)
 * @param seconds wall time of the measured calls
 * @param imagesPerSecond {@code batch * iterations / seconds}
 */
public record ThroughputStats(int batch, int iterations, double seconds, double imagesPerSecond) {
  /** The throughput of {@code iterations} calls of {@code batch} images taking {@code nanos}. */
  public static ThroughputStats of(int batch, int iterations, long nanos) {
    double seconds = nanos / 1e9;
    return new ThroughputStats(batch, iterations, seconds, batch * iterations / seconds);
  }
}
