package dev.mlops.core.experiment.stats;

/**
 * The mixture sequential probability ratio test of Johari, Koomen, Pekelis and Walsh ("Always Valid
 * Inference: Continuous Monitoring of A/B Tests", Operations Research 2022): a p-value that may be
 * read after every user without inflating the false-positive rate, unlike a fixed-horizon test
 * peeked at until it dips below alpha.
 *
 * <p>With an estimated difference d (treatment minus control) whose variance is V (the sum of the
 * arms' delta-method variances), the likelihood ratio of "the true difference is drawn from N(0,
 * tau^2)" against "it is 0" is the ratio of the normal densities of d under the two:
 *
 * <pre>
 *   Lambda = sqrt(V / (V + tau^2)) exp(tau^2 d^2 / (2 V (V + tau^2)))
 *          = norm.pdf(d, scale=sqrt(V + tau^2)) / norm.pdf(d, scale=sqrt(V))
 * </pre>
 *
 * Under the null hypothesis Lambda is a martingale, so by Ville's inequality P(Lambda ever exceeds
 * 1/alpha) <= alpha; the always-valid p-value is therefore the running minimum of 1 / Lambda over
 * every look, capped at 1. V is estimated from the data (plug-in, as in the paper's deployment);
 * the simulation test checks that this keeps the false-positive rate under alpha.
 *
 * <p>Choosing tau: the mixture puts its weight on differences of size about tau, and the test is
 * most powerful for those. With no history of past experiments to fit tau to (the paper's
 * recommendation), tau is the experiment's minimum detectable effect: the smallest difference the
 * experiment was started to find.
 */
public final class Msprt {
  private Msprt() {}

  /**
   * The natural log of Lambda; 0 (no evidence) when the variance is 0 or NaN.
   *
   * @param difference d
   * @param variance V, the variance of d
   * @param tau the mixture's standard deviation, > 0
   */
  public static double logLikelihoodRatio(double difference, double variance, double tau) {
    if (!(tau > 0)) {
      throw new IllegalArgumentException("tau is " + tau + "; must be > 0");
    }
    if (!(variance > 0) || !Double.isFinite(difference)) {
      return 0;
    }
    double t2 = tau * tau;
    return 0.5 * Math.log(variance / (variance + t2))
        + t2 * difference * difference / (2 * variance * (variance + t2));
  }

  /**
   * The always-valid p-value after one more look: min(previous, 1 / Lambda), capped at 1.
   *
   * @param previous the p-value before this look (1 before the first)
   */
  public static double update(double previous, double difference, double variance, double tau) {
    double inverse = Math.exp(-logLikelihoodRatio(difference, variance, tau));
    return Math.min(Math.min(previous, inverse), 1);
  }

  /**
   * The smallest |z| = |d| / sqrt(V) at which 1 / Lambda <= alpha for a difference of variance V:
   * z^2 = (V + tau^2) / tau^2 (2 ln(1 / alpha) + ln((V + tau^2) / V)). Wider than the fixed test's
   * z_(1 - alpha/2): the price of looking any time.
   */
  public static double criticalZ(double variance, double tau, double alpha) {
    double t2 = tau * tau;
    double z2 =
        (variance + t2) / t2 * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance));
    return Math.sqrt(z2);
  }
}
