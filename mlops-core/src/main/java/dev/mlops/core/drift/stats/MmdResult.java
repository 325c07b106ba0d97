package dev.mlops.core.drift.stats;

/**
 * The outcome of a {@link Mmd} permutation test.
 *
 * @param statistic the squared maximum mean discrepancy (biased V-statistic), {@code >= 0} up to
 *     rounding
 * @param pValue the permutation p-value (1 + #permuted statistics {@code >=} observed) / (1 +
 *     permutations); in (0, 1]
 * @param bandwidth the Gaussian kernel's width s in exp(-d^2 / (2 s^2)), {@code > 0}
 * @param permutations the number of random relabellings drawn, {@code >= 1}
 */
public record MmdResult(double statistic, double pValue, double bandwidth, int permutations) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code statistic} is NaN, {@code pValue} is not in [0, 1],
   *     {@code bandwidth} is not positive and finite, or {@code permutations < 1}
   */
  public MmdResult {
    if (Double.isNaN(statistic)) {
      throw new IllegalArgumentException("statistic is NaN");
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue is " + pValue + "; must be in [0, 1]");
    }
    if (!(bandwidth > 0 && bandwidth < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("bandwidth is " + bandwidth + "; must be positive");
    }
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations is " + permutations + "; must be >= 1");
    }
  }
}
