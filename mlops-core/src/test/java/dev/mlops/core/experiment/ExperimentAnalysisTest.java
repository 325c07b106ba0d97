package dev.mlops.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.experiment.stats.FisherExact;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentAnalysisTest {
  private static final Experiment SPLIT = ExperimentReportTest.experiment(ExperimentMode.SPLIT);
  private static final Experiment SHADOW = ExperimentReportTest.experiment(ExperimentMode.SHADOW);

  /** {@code count} users per arm, alternating, with 4 predictions; rates as corrections of 4. */
  private static List<UserOutcome> users(
      int count, int[] controlCorrections, int[] treatmentCorrections) {
    List<UserOutcome> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add(new UserOutcome(false, controlCorrections[i % controlCorrections.length], 4));
      users.add(new UserOutcome(true, treatmentCorrections[i % treatmentCorrections.length], 4));
    }
    return users;
  }

  @Test
  void treatmentCorrectedFarLess_treatmentBetter_decidedByTheSequentialTest() {
    ExperimentStatistics s =
        ExperimentAnalysis.analyze(
            SPLIT, users(1000, new int[] {0, 1, 2, 1}, new int[] {0, 0, 1, 0}), null, 100);

    assertThat(s.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
    assertThat(s.primary().alwaysValidP()).isLessThanOrEqualTo(0.05);
    assertThat(s.primary().controlRate()).isCloseTo(0.25, within(1e-12));
    assertThat(s.primary().treatmentRate()).isCloseTo(1.0 / 16, within(1e-12));
    assertThat(s.primary().fixedTest()).isEqualTo("z (delta method)");
    assertThat(s.verdictText())
        .startsWith("treatment better: correction rate 6.3% treatment vs 25.0% control");
    assertThat(s.decidedBy()).startsWith("always-valid");
    assertThat(Verdict.TREATMENT_BETTER.winner()).isEqualTo("treatment");
  }

  @Test
  void treatmentCorrectedMore_controlBetter() {
    ExperimentStatistics s =
        ExperimentAnalysis.analyze(
            SPLIT, users(1000, new int[] {0, 0, 1, 0}, new int[] {0, 1, 2, 1}), null, 100);

    assertThat(s.verdict()).isEqualTo(Verdict.CONTROL_BETTER);
  }

  @Test
  void sameRates_noDifferenceYet_withTheSampleItLacks() {
    ExperimentStatistics s =
        ExperimentAnalysis.analyze(
            SPLIT, users(60, new int[] {0, 1, 2, 0}, new int[] {1, 0, 0, 2}), null, 100);

    assertThat(s.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
    assertThat(s.sampleSize().usersPerArm()).isEqualTo(60);
    assertThat(s.sampleSize().lackingUsersPerArm())
        .isEqualTo(s.sampleSize().sequentialUsersPerArm() - 60)
        .isPositive();
    assertThat(s.sampleSize().sequentialUsersPerArm())
        .isGreaterThan(s.sampleSize().fixedHorizonUsersPerArm());
    assertThat(s.verdictText()).contains("users per arm needed", "more per arm");
  }

  @Test
  void fewCorrections_fisherExactInsteadOfZ() {
    List<UserOutcome> users = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      users.add(new UserOutcome(false, i < 3 ? 1 : 0, 2));
      users.add(new UserOutcome(true, 0, 2));
    }

    ExperimentStatistics s = ExperimentAnalysis.analyze(SPLIT, users, null, 100);

    assertThat(s.primary().fixedTest()).isEqualTo("Fisher exact");
    assertThat(s.primary().fixedP()).isEqualTo(FisherExact.twoSided(3, 37, 0, 40).pValue());
  }

  @Test
  void skewedUsers_invalidWhateverTheMetricSays() {
    List<UserOutcome> users = users(1000, new int[] {0, 1, 2, 1}, new int[] {0, 0, 1, 0});
    users.addAll(
        users(300, new int[] {1}, new int[] {1}).stream().filter(u -> !u.treatment()).toList());

    ExperimentStatistics s = ExperimentAnalysis.analyze(SPLIT, users, null, 100);

    assertThat(s.verdict()).isEqualTo(Verdict.INVALID_SRM);
    assertThat(s.srm().controlUsers()).isEqualTo(1300);
    assertThat(s.verdictText()).contains("1300 control and 1000 treatment users");
  }

  @Test
  void shadow_verdictFromMcNemar() {
    List<UserOutcome> users = List.of(new UserOutcome(false, 1, 3));

    ExperimentStatistics better =
        ExperimentAnalysis.analyze(SHADOW, users, PairedTest.of(50, 2, 15, 3), 100);
    ExperimentStatistics even =
        ExperimentAnalysis.analyze(SHADOW, users, PairedTest.of(50, 6, 7, 3), 100);
    ExperimentStatistics none = ExperimentAnalysis.analyze(SHADOW, users, null, 100);

    assertThat(better.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
    assertThat(better.verdictText()).contains("2 only control got right and 15 only treatment");
    assertThat(even.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
    assertThat(none.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
    assertThat(none.sequential()).isEmpty();
  }

  @Test
  void noUsers_noDifferenceYet_nothingComputed() {
    ExperimentStatistics s = ExperimentAnalysis.analyze(SPLIT, List.of(), null, 100);

    assertThat(s.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
    assertThat(s.primary().difference()).isNull();
    assertThat(s.sampleSize()).isNull();
    assertThat(s.verdictText()).contains("too few users");
  }
}
