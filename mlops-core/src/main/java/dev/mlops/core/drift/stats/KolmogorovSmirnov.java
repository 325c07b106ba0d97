package dev.mlops.core.drift.stats;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The two-sided two-sample Kolmogorov-Smirnov test: the statistic is D = sup |F_a(x) - F_b(x)| over
 * the two empirical distribution functions, and the p-value is P(D' >= D) under the null hypothesis
 * that both samples come from one continuous distribution.
 *
 * <p>Computed by Apache Commons Statistics' {@link KolmogorovSmirnovTest}. The p-value is exact
 * (Viehmann 2021 / Hodges 1958) while the larger sample has fewer than 10,000 values, which takes
 * under 10 ms at 5000 x 5000, and Kolmogorov's asymptotic distribution beyond that; this is scipy's
 * {@code ks_2samp(method="auto")} rule, and the values agree with scipy.
 *
 * <p>Ties (for example every image 32 pixels wide) are allowed. D is then evaluated only at the end
 * of each run of tied values, which is what scipy does: identical samples, or two constant samples
 * of the same value, give D = 0 and p = 1. The p-value is the continuous-distribution one; for
 * discrete data that is known to be conservative (too large rather than too small).
 */
public final class KolmogorovSmirnov {
  /** Largest sample size (exclusive) for which the p-value is computed exactly. */
  static final int EXACT_LIMIT = 10_000;

  private KolmogorovSmirnov() {}

  /**
   * Tests whether {@code a} and {@code b} come from the same distribution.
   *
   * @param a the first sample (for drift: the baseline), at least 2 finite values
   * @param b the second sample (for drift: the incoming data), at least 2 finite values
   * @return D in [0, 1] and its two-sided p-value
   * @throws IllegalArgumentException if a sample is null, has fewer than 2 values, or holds NaN or
   *     an infinity; the message names the sample
   */
  public static TestResult twoSample(double[] a, double[] b) {
    // The library's two-sample test needs 2 values per sample; check here to name the argument.
    Samples.requireFinite("a", a, 2);
    Samples.requireFinite("b", b, 2);
    PValueMethod method =
        Math.max(a.length, b.length) < EXACT_LIMIT ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC;
    KolmogorovSmirnovTest.TwoResult result =
        KolmogorovSmirnovTest.withDefaults().with(method).test(a, b);
    return new TestResult(result.getStatistic(), clamp(result.getPValue()));
  }

  private static double clamp(double p) {
    // Guards TestResult against a rounding overshoot such as 1.0000000000000002.
    return Math.min(1, Math.max(0, p));
  }
}
