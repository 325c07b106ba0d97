package dev.mlops.core.drift.stats;

import java.util.Arrays;

/**
 * The population stability index (PSI) between an expected (baseline) and an actual (incoming)
 * distribution over the same bins: PSI = sum over bins of (a - e) * ln(a / e), where e and a are
 * the fractions of each sample in the bin. Rules of thumb: below 0.1 stable, 0.1 to 0.25 a moderate
 * shift, above 0.25 a major shift.
 *
 * <p>Conventions: numeric features are binned at the baseline's quantiles ({@link #edges}); every
 * proportion is floored at {@link #EPSILON} before the sum, so a bin that is empty in one sample
 * adds a large but finite term instead of infinity.
 *
 * <p>Written here because no library on the classpath computes PSI.
 */
public final class Psi {
  /**
   * Floor applied to every proportion before the PSI sum (the value commonly used for PSI), so an
   * empty bin contributes a finite term: a bin holding 10% of one sample and none of the other adds
   * (0.1 - 0.0001) * ln(0.1 / 0.0001), about 0.69.
   */
  public static final double EPSILON = 1e-4;

  private Psi() {}

  /**
   * Interior bin edges at the baseline's quantiles k / bins for k = 1 .. bins - 1.
   *
   * <p>Quantiles interpolate linearly between order statistics (numpy's default {@code
   * numpy.quantile(x, q)}: position q * (n - 1) in the sorted sample). Repeated edges are kept
   * once, and edges equal to the baseline's minimum are dropped because they would only open a bin
   * below every baseline value; constant data therefore gives no edges and a single bin. Bin i
   * holds the values v with exactly i edges {@code <= v}.
   *
   * @param baseline the reference sample, at least one finite value
   * @param bins the number of bins wanted (at least 1); fewer come back when quantiles coincide
   * @return the edges, strictly increasing, at most {@code bins - 1} of them
   * @throws IllegalArgumentException if the baseline is null, empty or not finite, or {@code bins <
   *     1}
   */
  public static double[] edges(double[] baseline, int bins) {
    Samples.requireFinite("baseline", baseline, 1);
    if (bins < 1) {
      throw new IllegalArgumentException("bins is " + bins + "; must be at least 1");
    }
    double[] sorted = baseline.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    int count = 0;
    double last = sorted[0];
    for (int k = 1; k < bins; k++) {
      double edge = quantile(sorted, (double) k / bins);
      if (edge > last) {
        edges[count++] = edge;
        last = edge;
      }
    }
    return Arrays.copyOf(edges, count);
  }

  /**
   * The fraction of {@code values} in each bin defined by {@code edges}.
   *
   * @param edges strictly increasing interior edges, as from {@link #edges}
   * @param values the sample to bin, at least one finite value
   * @return {@code edges.length + 1} fractions summing to 1; entry i is the fraction of values v
   *     with exactly i edges {@code <= v}
   * @throws IllegalArgumentException if {@code edges} is null, not finite or not strictly
   *     increasing, or {@code values} is null, empty or not finite
   */
  public static double[] proportions(double[] edges, double[] values) {
    Samples.requireFinite("edges", edges, 0);
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "edges are not strictly increasing at index " + i + ": " + Arrays.toString(edges));
      }
    }
    Samples.requireFinite("values", values, 1);
    double[] fractions = new double[edges.length + 1];
    for (double v : values) {
      fractions[upperBound(edges, v)]++;
    }
    for (int i = 0; i < fractions.length; i++) {
      fractions[i] /= values.length;
    }
    return fractions;
  }

  /**
   * The PSI of two binned distributions: sum of (a - e) * ln(a / e), each proportion first floored
   * at {@link #EPSILON}. Zero for identical distributions, positive otherwise, symmetric in its
   * arguments.
   *
   * @param expected the baseline's fractions per bin
   * @param actual the incoming fractions per bin, same length
   * @return the index, finite and {@code >= 0}
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a
   *     fraction is NaN or outside [0, 1]
   */
  public static double index(double[] expected, double[] actual) {
    requireFractions("expected", expected);
    requireFractions("actual", actual);
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "expected has "
              + expected.length
              + " bins but actual has "
              + actual.length
              + "; both must use the same bins");
    }
    double sum = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max(actual[i], EPSILON);
      sum += (a - e) * Math.log(a / e);
    }
    return sum;
  }

  /**
   * The PSI of two categorical count vectors (for example predicted classes): the counts become
   * fractions of their totals, then {@link #index} applies, with the same floor.
   *
   * @param expected baseline counts per category
   * @param actual incoming counts per category, same length and order
   * @return the index, finite and {@code >= 0}
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ, a count is
   *     negative, or a vector's total is zero
   */
  public static double ofCounts(long[] expected, long[] actual) {
    Samples.requireCounts("expected", expected);
    Samples.requireCounts("actual", actual);
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "expected has "
              + expected.length
              + " categories but actual has "
              + actual.length
              + "; both must count the same categories");
    }
    return index(fractions("expected", expected), fractions("actual", actual));
  }

  private static double[] fractions(String name, long[] counts) {
    long total = Samples.total(counts);
    if (total == 0) {
      throw new IllegalArgumentException("counts " + name + " are all zero; need at least one");
    }
    double[] fractions = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      fractions[i] = (double) counts[i] / total;
    }
    return fractions;
  }

  private static void requireFractions(String name, double[] fractions) {
    if (fractions == null || fractions.length == 0) {
      throw new IllegalArgumentException(
          name + " proportions are " + (fractions == null ? "null" : "empty"));
    }
    for (int i = 0; i < fractions.length; i++) {
      if (!(fractions[i] >= 0 && fractions[i] <= 1)) {
        throw new IllegalArgumentException(
            name + " proportion at index " + i + " is " + fractions[i] + "; must be in [0, 1]");
      }
    }
  }

  /** Linear interpolation between order statistics at position q * (n - 1), as numpy does. */
  private static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double fraction = position - lower;
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
  }

  /** The number of edges {@code <= v}. */
  private static int upperBound(double[] edges, double v) {
    int low = 0;
    int high = edges.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (edges[mid] <= v) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
