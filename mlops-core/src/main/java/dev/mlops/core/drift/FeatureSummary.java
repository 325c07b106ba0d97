package dev.mlops.core.drift;

import dev.mlops.core.drift.stats.Psi;
import java.util.Arrays;

/**
 * The compact summary of one baseline feature over every baseline image: moments, the PSI bins (cut
 * points at the baseline's deciles and the baseline's share per bin) and a histogram for the
 * report. The KS and Wasserstein tests use the baseline's sample instead, because they need values.
 *
 * @param count values summarised
 * @param mean their mean
 * @param std their population standard deviation
 * @param min the smallest value
 * @param max the largest value
 * @param psiEdges cut points of the PSI bins: the baseline's minimum, its deciles ({@link
 *     Psi#edges}) and just above its maximum, so values outside the baseline's range get bins of
 *     their own (the baseline's share there is 0, floored by PSI): without them a feature that is
 *     constant in the baseline (all images 32 px wide) could never show a shift
 * @param psiProportions the baseline's share of each PSI bin
 * @param histogram the values in {@value #HISTOGRAM_BINS} bins between min and max
 */
public record FeatureSummary(
    long count,
    double mean,
    double std,
    double min,
    double max,
    double[] psiEdges,
    double[] psiProportions,
    Histogram histogram) {
  /** PSI bins: deciles, the usual choice. */
  public static final int PSI_BINS = 10;

  /** Histogram bins for the report. */
  public static final int HISTOGRAM_BINS = 20;

  /** Copies the arrays. */
  public FeatureSummary {
    psiEdges = psiEdges.clone();
    psiProportions = psiProportions.clone();
  }

  /**
   * Summarises {@code values}.
   *
   * @throws IllegalArgumentException when there are none
   */
  public static FeatureSummary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarise");
    }
    double mean = Arrays.stream(values).average().orElse(0);
    double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    double min = Arrays.stream(values).min().orElse(0);
    double max = Arrays.stream(values).max().orElse(0);
    double[] edges = withRange(Psi.edges(values, PSI_BINS), min, max);
    return new FeatureSummary(
        values.length,
        mean,
        Math.sqrt(var),
        min,
        max,
        edges,
        Psi.proportions(edges, values),
        Histogram.of(values, min, max, HISTOGRAM_BINS));
  }

  private static double[] withRange(double[] deciles, double min, double max) {
    double top = Math.nextUp(max);
    return java.util.stream.DoubleStream.concat(
            java.util.stream.DoubleStream.of(min, top),
            Arrays.stream(deciles).filter(e -> e > min && e < top))
        .sorted()
        .distinct()
        .toArray();
  }

  @Override
  public double[] psiEdges() {
    return psiEdges.clone();
  }

  @Override
  public double[] psiProportions() {
    return psiProportions.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSummary s
        && count == s.count
        && Double.compare(mean, s.mean) == 0
        && Double.compare(std, s.std) == 0
        && Double.compare(min, s.min) == 0
        && Double.compare(max, s.max) == 0
        && Arrays.equals(psiEdges, s.psiEdges)
        && Arrays.equals(psiProportions, s.psiProportions)
        && histogram.equals(s.histogram);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Double.hashCode(mean) + Arrays.hashCode(psiEdges);
  }

  @Override
  public String toString() {
    return "FeatureSummary[n=" + count + ", mean=" + mean + ", std=" + std + "]";
  }
}
