package dev.mlops.core.experiment.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Users per arm needed to detect a difference of the primary metric.
 *
 * <p>Fixed horizon (the two-sided z test at level alpha, looked at once): with a variance per user
 * s^2 in each arm, n = (z_(1 - alpha/2) + z_power)^2 2 s^2 / mde^2.
 *
 * <p>Sequential (the {@link Msprt} read at n): the smallest n at which the always-valid test,
 * looked at only once at n, reaches the power; with V = 2 s^2 / n and the critical |z| of {@link
 * Msprt#criticalZ}, power(n) = Phi(mde / sqrt(V) - c) + Phi(-mde / sqrt(V) - c). A test that may
 * also stop at any earlier look has at least this power, so the number is conservative.
 */
public final class SampleSize {
  /** The power the sample sizes are computed for. */
  public static final double DEFAULT_POWER = 0.8;

  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);
  private static final long MAX_USERS = 1L << 40;

  private SampleSize() {}

  /**
   * Users per arm for the fixed-horizon z test; rounded up.
   *
   * @param unitVariance s^2, the variance of one user's contribution in either arm
   * @param mde the smallest absolute difference to detect, > 0
   * @param alpha the two-sided level
   * @param power the probability of detecting a difference of {@code mde}
   */
  public static long fixedHorizon(double unitVariance, double mde, double alpha, double power) {
    check(unitVariance, mde, alpha, power);
    double z = ZTest.quantile(1 - alpha / 2) + ZTest.quantile(power);
    return Math.max(2, (long) Math.ceil(z * z * 2 * unitVariance / (mde * mde)));
  }

  /** Users per arm for the always-valid test with mixture sd {@code tau}; rounded up. */
  public static long sequential(
      double unitVariance, double mde, double alpha, double power, double tau) {
    check(unitVariance, mde, alpha, power);
    long high = fixedHorizon(unitVariance, mde, alpha, power);
    while (sequentialPower(high, unitVariance, mde, alpha, tau) < power && high < MAX_USERS) {
      high *= 2;
    }
    long low = 1;
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      if (sequentialPower(mid, unitVariance, mde, alpha, tau) >= power) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return Math.max(2, high);
  }

  /** The power of the always-valid test read once at {@code n} users per arm. */
  public static double sequentialPower(
      long n, double unitVariance, double mde, double alpha, double tau) {
    double variance = 2 * unitVariance / n;
    double c = Msprt.criticalZ(variance, tau, alpha);
    double shift = mde / Math.sqrt(variance);
    return STANDARD.cumulativeProbability(shift - c) + STANDARD.cumulativeProbability(-shift - c);
  }

  private static void check(double unitVariance, double mde, double alpha, double power) {
    if (!(unitVariance > 0)
        || !(mde > 0)
        || !(alpha > 0 && alpha < 1)
        || !(power > 0 && power < 1)) {
      throw new IllegalArgumentException(
          "unit variance "
              + unitVariance
              + ", mde "
              + mde
              + ", alpha "
              + alpha
              + ", power "
              + power
              + "; need variance > 0, mde > 0, alpha and power in (0, 1)");
    }
  }
}
