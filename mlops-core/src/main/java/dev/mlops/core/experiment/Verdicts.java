package dev.mlops.core.experiment;

import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.experiment.ExperimentStatistics.PrimaryMetric;
import dev.mlops.core.experiment.ExperimentStatistics.SampleNeed;
import dev.mlops.core.experiment.ExperimentStatistics.SampleRatioCheck;
import java.util.List;
import java.util.Locale;

/** The verdict and its one-line text, from the tests {@link ExperimentAnalysis} ran. */
final class Verdicts {
  private Verdicts() {}

  static ExperimentStatistics split(
      Experiment experiment,
      PrimaryMetric primary,
      SampleRatioCheck srm,
      SampleNeed need,
      List<SequentialPoint> looks) {
    if (srm.mismatch()) {
      String text =
          String.format(
              Locale.ROOT,
              "%s: %d control and %d treatment users where a treatment share of %s was asked for"
                  + " (chi-square %.1f, p %s < 0.001); find why one arm lost or gained users"
                  + " (routing, crashes, dropped logs) before reading any comparison",
              Verdict.INVALID_SRM.label(),
              srm.controlUsers(),
              srm.treatmentUsers(),
              percent(srm.expectedTreatmentShare()),
              srm.chiSquare(),
              p(srm.pValue()));
      return new ExperimentStatistics(
          Verdict.INVALID_SRM, text, ExperimentAnalysis.BY_SRM, primary, srm, null, need, looks);
    }
    double alpha = experiment.alpha();
    SequentialPoint crossing =
        looks.stream().filter(look -> look.alwaysValidP() <= alpha).findFirst().orElse(null);
    Verdict verdict =
        crossing == null
            ? Verdict.NO_DIFFERENCE_YET
            : crossing.difference() < 0 ? Verdict.TREATMENT_BETTER : Verdict.CONTROL_BETTER;
    String text = verdict.label() + ": " + rates(primary, alpha) + sampleText(verdict, need);
    return new ExperimentStatistics(
        verdict, text, ExperimentAnalysis.BY_SEQUENTIAL, primary, srm, null, need, looks);
  }

  static ExperimentStatistics shadow(
      Experiment experiment, PrimaryMetric primary, PairedTest paired, SampleNeed need) {
    double alpha = experiment.alpha();
    Verdict verdict = Verdict.NO_DIFFERENCE_YET;
    if (paired != null && paired.pValue() <= alpha) {
      verdict =
          paired.onlyTreatmentRight() > paired.onlyControlRight()
              ? Verdict.TREATMENT_BETTER
              : Verdict.CONTROL_BETTER;
    }
    String text =
        paired == null
            ? verdict.label() + ": no labelled image was scored by both variants yet"
            : String.format(
                Locale.ROOT,
                "%s: of %d labelled images scored by both, %d only control got right and %d only"
                    + " treatment (McNemar exact p %s, alpha %s)",
                verdict.label(),
                paired.pairs(),
                paired.onlyControlRight(),
                paired.onlyTreatmentRight(),
                p(paired.pValue()),
                alpha);
    return new ExperimentStatistics(
        verdict, text, ExperimentAnalysis.BY_MCNEMAR, primary, null, paired, null, List.of());
  }

  private static String rates(PrimaryMetric primary, double alpha) {
    if (primary.difference() == null) {
      return "no correction rate in "
          + (primary.controlRate() == null ? "control" : "treatment")
          + " yet (no predictions)";
    }
    return String.format(
        Locale.ROOT,
        "correction rate %s treatment vs %s control (always-valid p %s, alpha %s; fixed-horizon"
            + " %s p %s)",
        percent(primary.treatmentRate()),
        percent(primary.controlRate()),
        primary.alwaysValidP() == null ? "-" : p(primary.alwaysValidP()),
        alpha,
        primary.fixedTest(),
        p(primary.fixedP()));
  }

  private static String sampleText(Verdict verdict, SampleNeed need) {
    if (verdict != Verdict.NO_DIFFERENCE_YET) {
      return "";
    }
    if (need == null) {
      return "; too few users to estimate the sample the minimum detectable effect needs";
    }
    if (need.lackingUsersPerArm() == 0) {
      return String.format(
          Locale.ROOT,
          "; the arms have the %d users per arm the always-valid test needs to detect the minimum"
              + " effect (%d for one fixed look): a difference that large would probably have"
              + " shown by now",
          need.sequentialUsersPerArm(),
          need.fixedHorizonUsersPerArm());
    }
    return String.format(
        Locale.ROOT,
        "; %d users per arm needed to detect the minimum effect with the always-valid test (%d"
            + " for one fixed look), %d more per arm",
        need.sequentialUsersPerArm(),
        need.fixedHorizonUsersPerArm(),
        need.lackingUsersPerArm());
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String p(double p) {
    return p >= 0.001
        ? String.format(Locale.ROOT, "%.3f", p)
        : String.format(Locale.ROOT, "%.1e", p);
  }
}
