package dev.mlops.core.experiment.stats;

import dev.mlops.core.drift.stats.TestResult;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the users observed per
 * arm against the split the experiment asked for. With N users and treatment share s, the expected
 * counts are N (1 - s) and N s; chi2 = sum (O - E)^2 / E with 1 degree of freedom, as {@code
 * scipy.stats.chisquare([control, treatment], f_exp=[N*(1-s), N*s])}. A mismatch means the arms are
 * not the random split they should be (a variant that crashes, logs lost for one arm, bots in one
 * bucket), and no comparison of them can be trusted; by convention it alerts at p below {@link
 * #ALERT_P} (a strict level, because the check runs on every report).
 */
public final class SampleRatio {
  /** The p-value below which the split is called a mismatch. */
  public static final double ALERT_P = 0.001;

  private static final ChiSquaredDistribution ONE_DEGREE = ChiSquaredDistribution.of(1);

  private SampleRatio() {}

  /**
   * Tests observed users per arm against the treatment share.
   *
   * @param control users observed in control
   * @param treatment users observed in treatment
   * @param treatmentShare the share of users the treatment should get, in (0, 1)
   * @throws IllegalArgumentException if a count is negative or the share is outside (0, 1)
   */
  public static TestResult test(long control, long treatment, double treatmentShare) {
    if (control < 0 || treatment < 0) {
      throw new IllegalArgumentException(
          "users are " + control + " and " + treatment + "; counts must be >= 0");
    }
    if (!(treatmentShare > 0 && treatmentShare < 1)) {
      throw new IllegalArgumentException(
          "treatment share is " + treatmentShare + "; must be in (0, 1)");
    }
    long total = control + treatment;
    if (total == 0) {
      return new TestResult(0, 1);
    }
    double expectedTreatment = total * treatmentShare;
    double expectedControl = total - expectedTreatment;
    double chi2 =
        square(control - expectedControl) / expectedControl
            + square(treatment - expectedTreatment) / expectedTreatment;
    return new TestResult(chi2, ONE_DEGREE.survivalProbability(chi2));
  }

  private static double square(double x) {
    return x * x;
  }
}
