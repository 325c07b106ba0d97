package dev.mlops.core.drift.stats;

import java.util.Arrays;

/**
 * The first Wasserstein (earth mover's) distance between two one-dimensional empirical
 * distributions: the integral over x of |F_a(x) - F_b(x)|, where F_a and F_b put mass 1/n on each
 * value of their sample. It is in the data's own unit (a shift of every value by c gives c), so
 * compare it with the feature's scale. Same definition as {@code scipy.stats.wasserstein_distance}
 * without weights.
 *
 * <p>Computed by sorting both samples and sweeping them together: O((n + m) log(n + m)) time.
 * Written here because no library on the classpath computes it.
 */
public final class Wasserstein {
  private Wasserstein() {}

  /**
   * The distance between the empirical distributions of {@code a} and {@code b}.
   *
   * @param a the first sample, at least one finite value
   * @param b the second sample, at least one finite value
   * @return the distance, {@code >= 0}; 0 when the samples have the same values in the same
   *     proportions
   * @throws IllegalArgumentException if a sample is null, empty or holds NaN or an infinity; the
   *     message names the sample
   */
  public static double distance(double[] a, double[] b) {
    Samples.requireFinite("a", a, 1);
    Samples.requireFinite("b", b, 1);
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double current = Math.min(x[0], y[0]);
    double sum = 0;
    // Between consecutive distinct values of the pooled sample both CDFs are constant: add
    // |F_a - F_b| times the width of that interval.
    while (i < x.length || j < y.length) {
      double next =
          Math.min(
              i < x.length ? x[i] : Double.POSITIVE_INFINITY,
              j < y.length ? y[j] : Double.POSITIVE_INFINITY);
      double gap = Math.abs((double) i / x.length - (double) j / y.length);
      sum += gap * (next - current);
      while (i < x.length && x[i] == next) {
        i++;
      }
      while (j < y.length && y[j] == next) {
        j++;
      }
      current = next;
    }
    return sum;
  }
}
