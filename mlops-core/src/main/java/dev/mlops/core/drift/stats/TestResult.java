package dev.mlops.core.drift.stats;

/**
 * The outcome of a hypothesis test.
 *
 * @param statistic the test statistic (its meaning depends on the test; never NaN)
 * @param pValue the probability, under the null hypothesis, of a statistic at least as extreme as
 *     the observed one; in [0, 1]
 */
public record TestResult(double statistic, double pValue) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code statistic} is NaN or {@code pValue} is NaN or
   *     outside [0, 1]
   */
  public TestResult {
    if (Double.isNaN(statistic)) {
      throw new IllegalArgumentException("statistic is NaN");
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue is " + pValue + "; must be in [0, 1]");
    }
  }
}
