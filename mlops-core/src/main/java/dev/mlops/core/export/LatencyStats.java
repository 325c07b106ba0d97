package dev.mlops.core.export;

import java.util.Arrays;

/**
 * Latency of single calls at one batch size, in milliseconds. Percentiles are nearest-rank: the
 * value below which at least that share of the measured calls fell, so {@code p50 <= p90 <= p99}.
 *
 * @param batch images per call
 * @param iterations measured calls (after warm-up)
 * @param p50Ms median
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile (the slowest call when fewer than 100 were measured)
 * @param meanMs mean
 * @param minMs fastest call
 * @param maxMs slowest call
 */
public record LatencyStats(
    int batch,
    int iterations,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double meanMs,
    double minMs,
    double maxMs) {

  /**
   * The statistics of measured call durations.
   *
   * @param nanos one duration per call, in nanoseconds; at least one
   */
  public static LatencyStats of(int batch, long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no measured calls");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new LatencyStats(
        batch,
        sorted.length,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 90)),
        ms(percentile(sorted, 99)),
        ms(sum / sorted.length),
        ms(sorted[0]),
        ms(sorted[sorted.length - 1]));
  }

  /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }
}
