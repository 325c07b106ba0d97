package dev.mlops.core.experiment.stats;

import dev.mlops.core.drift.stats.TestResult;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * McNemar's exact test for paired outcomes: the same labelled images scored by control and by
 * treatment (shadow mode). Only the discordant pairs carry information: b images only control got
 * right, c images only treatment got right. Under the null hypothesis each discordant pair goes
 * either way with probability 1/2, so the p-value is the two-sided binomial test of b successes in
 * b + c trials at p = 1/2, that is min(1, 2 P(X <= min(b, c))), as {@code scipy.stats.binomtest(b,
 * b + c, 0.5).pvalue}. Exact, so valid for any count of pairs.
 */
public final class McNemar {
  private McNemar() {}

  /**
   * Tests whether the two models are equally often right on the paired images.
   *
   * @param onlyControlRight pairs where control was right and treatment wrong (b)
   * @param onlyTreatmentRight pairs where treatment was right and control wrong (c)
   * @return the statistic b - c (positive when control is better) and the p-value
   * @throws IllegalArgumentException if a count is negative or the sum does not fit an int
   */
  public static TestResult exact(long onlyControlRight, long onlyTreatmentRight) {
    long discordant = onlyControlRight + onlyTreatmentRight;
    if (onlyControlRight < 0 || onlyTreatmentRight < 0 || discordant > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "discordant pairs are "
              + onlyControlRight
              + " and "
              + onlyTreatmentRight
              + "; counts must be >= 0 and sum below 2^31");
    }
    double statistic = onlyControlRight - onlyTreatmentRight;
    if (discordant == 0) {
      return new TestResult(statistic, 1);
    }
    double p =
        BinomialTest.withDefaults().test((int) discordant, (int) onlyControlRight, 0.5).getPValue();
    return new TestResult(statistic, Math.min(1, Math.max(0, p)));
  }
}
