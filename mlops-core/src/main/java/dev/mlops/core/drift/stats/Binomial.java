package dev.mlops.core.drift.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * Tail probabilities of the binomial distribution, computed by Apache Commons Statistics' {@link
 * BinomialDistribution} (for example: how likely are at most k correct predictions out of n if the
 * true accuracy is p).
 */
public final class Binomial {
  private Binomial() {}

  /**
   * P(X {@code <=} k) for X ~ Binomial(n, p). A {@code k} below 0 gives 0 and a {@code k} of {@code
   * n} or more gives 1.
   *
   * @param k the largest count included
   * @param n the number of trials, {@code >= 0}
   * @param p the success probability per trial, in [0, 1]
   * @return the lower-tail probability, in [0, 1]
   * @throws IllegalArgumentException if {@code n < 0} or {@code p} is NaN or outside [0, 1]
   */
  public static double lowerTail(int k, int n, double p) {
    if (n < 0) {
      throw new IllegalArgumentException("n is " + n + "; the number of trials must be >= 0");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p is " + p + "; a probability must be in [0, 1]");
    }
    return BinomialDistribution.of(n, p).cumulativeProbability(k);
  }
}
