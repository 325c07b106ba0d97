package dev.mlops.core.experiment;

import dev.mlops.core.drift.stats.TestResult;
import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.experiment.ExperimentStatistics.PrimaryMetric;
import dev.mlops.core.experiment.ExperimentStatistics.SampleNeed;
import dev.mlops.core.experiment.ExperimentStatistics.SampleRatioCheck;
import dev.mlops.core.experiment.stats.FisherExact;
import dev.mlops.core.experiment.stats.RatioMetric;
import dev.mlops.core.experiment.stats.SampleRatio;
import dev.mlops.core.experiment.stats.SampleSize;
import dev.mlops.core.experiment.stats.ZTest;
import java.util.List;

/**
 * The statistics of an experiment from its users' tallies: a pure function, so the simulation tests
 * run exactly what the report runs.
 *
 * <p>Split mode: the sample-ratio-mismatch check comes first (a mismatch makes the verdict {@link
 * Verdict#INVALID_SRM} whatever the metric says). Then the verdict follows the always-valid mixture
 * SPRT on the per-user correction rate, so the report may be read at any time and as often as
 * anyone likes; the fixed-horizon p-value (z with the delta-method variance, or Fisher's exact test
 * for small counts) is shown beside it but decides nothing, because it is valid only at one planned
 * look. The direction of a significant verdict is the sign of the difference at the first look
 * where the always-valid p-value fell to alpha: that is where the test stopped.
 *
 * <p>Shadow mode: every user gets control, so there is no split to check and no between-arm metric;
 * the verdict follows McNemar's exact test on the labelled images both variants scored.
 */
public final class ExperimentAnalysis {
  /** Users between looks of the sequential test by default. */
  public static final int DEFAULT_LOOK_EVERY = 100;

  static final String BY_SEQUENTIAL =
      "always-valid mixture SPRT on the correction rate per user (may be read at any time)";
  static final String BY_MCNEMAR = "McNemar's exact test on labelled images scored by both";
  static final String BY_SRM = "sample-ratio-mismatch check (chi-square, alert at p < 0.001)";

  private ExperimentAnalysis() {}

  /**
   * Analyses {@code users} of {@code experiment}.
   *
   * @param users every user, in the order of their first prediction
   * @param paired the labelled images both variants scored (shadow mode), or null
   * @param lookEvery users between looks of the sequential test
   */
  public static ExperimentStatistics analyze(
      Experiment experiment, List<UserOutcome> users, PairedTest paired, int lookEvery) {
    double tau = experiment.minimumDetectableEffect();
    RatioMetric control = RatioMetric.EMPTY;
    RatioMetric treatment = RatioMetric.EMPTY;
    for (UserOutcome user : users) {
      if (user.treatment()) {
        treatment = treatment.plus(user.corrections(), user.predictions());
      } else {
        control = control.plus(user.corrections(), user.predictions());
      }
    }
    boolean shadow = experiment.mode() == ExperimentMode.SHADOW;
    List<SequentialPoint> looks = shadow ? List.of() : SequentialTest.run(users, tau, lookEvery);
    PrimaryMetric primary = primary(control, treatment, looks, tau);
    SampleNeed need = sampleNeed(experiment, control, treatment);
    if (shadow) {
      return Verdicts.shadow(experiment, primary, paired, need);
    }
    TestResult ratio = SampleRatio.test(control.users(), treatment.users(), experiment.traffic());
    SampleRatioCheck srm =
        new SampleRatioCheck(
            control.users(),
            treatment.users(),
            experiment.traffic(),
            ratio.statistic(),
            ratio.pValue(),
            ratio.pValue() < SampleRatio.ALERT_P);
    return Verdicts.split(experiment, primary, srm, need, looks);
  }

  private static PrimaryMetric primary(
      RatioMetric control, RatioMetric treatment, List<SequentialPoint> looks, double tau) {
    Double controlRate = finite(control.ratio());
    Double treatmentRate = finite(treatment.ratio());
    Double difference =
        controlRate == null || treatmentRate == null ? null : treatmentRate - controlRate;
    Double variance = finite(control.variance() + treatment.variance());
    Double alwaysValid = looks.isEmpty() ? null : looks.get(looks.size() - 1).alwaysValidP();
    if (difference == null) {
      return new PrimaryMetric(controlRate, treatmentRate, null, null, null, null, null, null, tau);
    }
    long a = Math.round(control.sumX());
    long b = Math.round(control.sumN()) - a;
    long c = Math.round(treatment.sumX());
    long d = Math.round(treatment.sumN()) - c;
    if (FisherExact.smallCounts(a, b, c, d) || variance == null) {
      TestResult fisher = FisherExact.twoSided(a, b, c, d);
      return new PrimaryMetric(
          controlRate,
          treatmentRate,
          difference,
          variance,
          "Fisher exact",
          fisher.statistic(),
          fisher.pValue(),
          alwaysValid,
          tau);
    }
    TestResult z = ZTest.difference(difference, variance);
    return new PrimaryMetric(
        controlRate,
        treatmentRate,
        difference,
        variance,
        "z (delta method)",
        z.statistic(),
        z.pValue(),
        alwaysValid,
        tau);
  }

  /**
   * The sample for the minimum detectable effect, from the larger of the arms' per-user variances
   * (conservative: before the end nobody knows which arm's rate is the true one).
   */
  private static SampleNeed sampleNeed(
      Experiment experiment, RatioMetric control, RatioMetric treatment) {
    double unit = Math.max(nanToZero(control.unitVariance()), nanToZero(treatment.unitVariance()));
    if (!(unit > 0)) {
      return null;
    }
    double mde = experiment.minimumDetectableEffect();
    double alpha = experiment.alpha();
    double power = SampleSize.DEFAULT_POWER;
    long fixed = SampleSize.fixedHorizon(unit, mde, alpha, power);
    long sequential = SampleSize.sequential(unit, mde, alpha, power, mde);
    long now =
        experiment.mode() == ExperimentMode.SHADOW
            ? control.users()
            : Math.min(control.users(), treatment.users());
    return new SampleNeed(unit, power, fixed, sequential, now, Math.max(0, sequential - now));
  }

  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double nanToZero(double value) {
    return Double.isNaN(value) ? 0 : value;
  }
}
