package dev.mlops.core.experiment;

import dev.mlops.core.experiment.stats.McNemar;
import java.util.List;

/**
 * The tests of an experiment and the verdict they support; values that cannot be computed yet (no
 * users, no variance) are null.
 *
 * @param verdict the conclusion
 * @param verdictText the conclusion in one line, with the numbers it rests on
 * @param decidedBy the test the verdict follows
 * @param primary the primary metric, the correction rate per user, and its tests
 * @param srm the sample-ratio-mismatch check (split mode), or null
 * @param paired McNemar's exact test on labelled images scored by both (shadow mode), or null
 * @param sampleSize users per arm needed for the minimum detectable effect, or null while the
 *     variance is unknown
 * @param sequential the looks after every so many users, in log order
 */
public record ExperimentStatistics(
    Verdict verdict,
    String verdictText,
    String decidedBy,
    PrimaryMetric primary,
    SampleRatioCheck srm,
    PairedTest paired,
    SampleNeed sampleSize,
    List<SequentialPoint> sequential) {
  /** Copies the list. */
  public ExperimentStatistics {
    sequential = List.copyOf(sequential);
  }

  /**
   * The correction rate per user (corrections per prediction, users as the unit) in both arms.
   *
   * @param controlRate control's corrections per prediction, or null without predictions
   * @param treatmentRate treatment's, or null
   * @param difference treatment minus control, or null
   * @param variance the delta-method variance of the difference, or null
   * @param fixedTest {@code z (delta method)}, or {@code Fisher exact} when an expected cell of the
   *     corrections table is below 5
   * @param fixedStatistic z, or the conditional odds ratio of the Fisher test
   * @param fixedP the fixed-horizon p-value (valid only if this is the one planned look)
   * @param alwaysValidP the mixture SPRT's always-valid p-value (valid at any look)
   * @param tau the mixture's standard deviation: the minimum detectable effect
   */
  public record PrimaryMetric(
      Double controlRate,
      Double treatmentRate,
      Double difference,
      Double variance,
      String fixedTest,
      Double fixedStatistic,
      Double fixedP,
      Double alwaysValidP,
      double tau) {}

  /**
   * Users per arm against the split asked for.
   *
   * @param controlUsers users seen in control
   * @param treatmentUsers users seen in treatment
   * @param expectedTreatmentShare the experiment's traffic
   * @param chiSquare the statistic, 1 degree of freedom
   * @param pValue its p-value
   * @param mismatch whether p is below 0.001
   */
  public record SampleRatioCheck(
      long controlUsers,
      long treatmentUsers,
      double expectedTreatmentShare,
      double chiSquare,
      double pValue,
      boolean mismatch) {}

  /**
   * Labelled images that both variants scored (shadow mode).
   *
   * @param pairs labelled images with both predictions
   * @param bothRight both predicted the label
   * @param onlyControlRight control right, treatment wrong
   * @param onlyTreatmentRight treatment right, control wrong
   * @param bothWrong neither
   * @param pValue McNemar's exact p-value
   */
  public record PairedTest(
      long pairs,
      long bothRight,
      long onlyControlRight,
      long onlyTreatmentRight,
      long bothWrong,
      double pValue) {
    /** The counts with McNemar's exact p-value on the discordant pairs. */
    public static PairedTest of(
        long bothRight, long onlyControlRight, long onlyTreatmentRight, long bothWrong) {
      return new PairedTest(
          bothRight + onlyControlRight + onlyTreatmentRight + bothWrong,
          bothRight,
          onlyControlRight,
          onlyTreatmentRight,
          bothWrong,
          McNemar.exact(onlyControlRight, onlyTreatmentRight).pValue());
    }
  }

  /**
   * The sample the minimum detectable effect needs.
   *
   * @param unitVariance the per-user variance used (the larger arm's)
   * @param power the power aimed at
   * @param fixedHorizonUsersPerArm for the fixed-horizon z test looked at once
   * @param sequentialUsersPerArm for the always-valid test (conservative: read once at that size)
   * @param usersPerArm users in the smaller arm now
   * @param lackingUsersPerArm how many more the smaller arm needs for the sequential size, >= 0
   */
  public record SampleNeed(
      double unitVariance,
      double power,
      long fixedHorizonUsersPerArm,
      long sequentialUsersPerArm,
      long usersPerArm,
      long lackingUsersPerArm) {}
}
