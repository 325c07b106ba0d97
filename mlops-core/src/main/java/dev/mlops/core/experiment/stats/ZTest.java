package dev.mlops.core.experiment.stats;

import dev.mlops.core.drift.stats.TestResult;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-sided z tests: of a difference whose variance is known or estimated (for example by the delta
 * method), and of two proportions with the pooled variance.
 */
public final class ZTest {
  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

  private ZTest() {}

  /**
   * Tests whether {@code difference} differs from 0: z = difference / sqrt(variance), p = 2 (1 -
   * Phi(|z|)), as {@code 2 * scipy.stats.norm.sf(abs(z))}. A variance of 0 or NaN (nothing varies
   * yet) gives z 0 and p 1: no evidence either way.
   *
   * @param difference the estimated difference (treatment minus control)
   * @param variance the variance of that estimate
   */
  public static TestResult difference(double difference, double variance) {
    if (!(variance > 0) || !Double.isFinite(difference)) {
      return new TestResult(0, 1);
    }
    double z = difference / Math.sqrt(variance);
    return new TestResult(z, Math.min(1, 2 * STANDARD.survivalProbability(Math.abs(z))));
  }

  /**
   * The pooled two-proportion z test of x1/n1 against x2/n2 (the statistic is positive when the
   * second proportion is larger): p = (x1 + x2) / (n1 + n2), z = (x2/n2 - x1/n1) / sqrt(p (1 - p)
   * (1/n1 + 1/n2)).
   *
   * @throws IllegalArgumentException if a count is negative or a success count exceeds its trials
   */
  public static TestResult twoProportions(long x1, long n1, long x2, long n2) {
    requireCount("x1", x1, n1);
    requireCount("x2", x2, n2);
    if (n1 == 0 || n2 == 0) {
      return new TestResult(0, 1);
    }
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
    return difference((double) x2 / n2 - (double) x1 / n1, variance);
  }

  /** The standard normal quantile: {@code scipy.stats.norm.ppf(p)}. */
  public static double quantile(double p) {
    return STANDARD.inverseCumulativeProbability(p);
  }

  static void requireCount(String name, long successes, long trials) {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException(
          name + " is " + successes + " of " + trials + "; counts must be in [0, trials]");
    }
  }
}
