package dev.mlops.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.experiment.ExperimentStatistics.SampleNeed;
import dev.mlops.core.experiment.stats.RatioMetric;
import dev.mlops.core.experiment.stats.ZTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated experiments, seeded: users with 1 to 5 predictions each and their own correction rate,
 * uniform in [0.05, 0.35] (mean 0.20), so predictions of one user are correlated and the per-user
 * (delta-method) variance matters. Looks after every 100 users, as the report's p-value over time.
 */
class SequentialSimulationTest {
  private static final int EXPERIMENTS = 1_000;
  private static final int LOOK_EVERY = 100;
  private static final double ALPHA = 0.05;
  private static final double MDE = 0.05;

  private static Experiment experiment() {
    return new Experiment(
        "sim",
        "digits",
        Experiment.RUNNING,
        ExperimentMode.SPLIT,
        0.5,
        new Variant(1, "v1"),
        new Variant(2, "v2"),
        null,
        null,
        MDE,
        ALPHA,
        "2026-12-05T00:00:00Z",
        "test",
        null,
        null,
        null,
        null);
  }

  /** One user; a treatment user's correction rate is {@code effect} lower. */
  private static UserOutcome user(SplittableRandom random, boolean treatment, double effect) {
    int predictions = 1 + random.nextInt(5);
    double rate = 0.05 + 0.30 * random.nextDouble() - (treatment ? effect : 0);
    int corrections = 0;
    for (int i = 0; i < predictions; i++) {
      corrections += random.nextDouble() < rate ? 1 : 0;
    }
    return new UserOutcome(treatment, corrections, predictions);
  }

  /** Users in arrival order, each in treatment with probability 1/2 (A/A) or alternating. */
  private static List<UserOutcome> users(
      SplittableRandom random, int count, double effect, boolean alternate) {
    List<UserOutcome> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean treatment = alternate ? i % 2 == 1 : random.nextBoolean();
      users.add(user(random, treatment, effect));
    }
    return users;
  }

  @Test
  void aaWithPeekingEvery100Users_sequentialFalsePositivesAtMostAlpha_naiveFarMore() {
    SplittableRandom random = new SplittableRandom(20261205);
    int sequential = 0;
    int naive = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      List<SequentialPoint> looks =
          SequentialTest.run(users(random, 5_000, 0, false), MDE, LOOK_EVERY);
      sequential += looks.get(looks.size() - 1).alwaysValidP() <= ALPHA ? 1 : 0;
      naive += looks.stream().anyMatch(look -> look.fixedP() <= ALPHA) ? 1 : 0;
    }
    double sequentialRate = (double) sequential / EXPERIMENTS;
    double naiveRate = (double) naive / EXPERIMENTS;
    System.out.printf(
        Locale.ROOT,
        "A/A, %d experiments of 5000 users, 50 looks: always-valid false positives %.3f,"
            + " peeked fixed-horizon %.3f (alpha %.2f)%n",
        EXPERIMENTS,
        sequentialRate,
        naiveRate,
        ALPHA);

    assertThat(sequentialRate).isLessThanOrEqualTo(ALPHA);
    assertThat(naiveRate).isGreaterThan(3 * ALPHA);
  }

  @Test
  void fivePointDifference_atTheSampleTheReportAsksFor_powerAtLeast80Percent() {
    SplittableRandom random = new SplittableRandom(7);
    // The pilot: what the report says after 1,000 users of a real difference.
    SampleNeed need =
        ExperimentAnalysis.analyze(experiment(), users(random, 1_000, MDE, false), null, 100)
            .sampleSize();
    int fixed = (int) need.fixedHorizonUsersPerArm();
    int sequential = (int) need.sequentialUsersPerArm();
    int fixedHits = 0;
    int sequentialHits = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      fixedHits += fixedHorizonSignificant(users(random, 2 * fixed, MDE, true)) ? 1 : 0;
      List<SequentialPoint> looks =
          SequentialTest.run(users(random, 2 * sequential, MDE, true), MDE, LOOK_EVERY);
      // A hit is the report's verdict: the first look at alpha, treatment lower.
      sequentialHits +=
          looks.stream()
                  .filter(look -> look.alwaysValidP() <= ALPHA)
                  .findFirst()
                  .filter(look -> look.difference() < 0)
                  .isPresent()
              ? 1
              : 0;
    }
    double fixedPower = (double) fixedHits / EXPERIMENTS;
    double sequentialPower = (double) sequentialHits / EXPERIMENTS;
    System.out.printf(
        Locale.ROOT,
        "5-point difference: fixed-horizon z test at %d users per arm: power %.3f;"
            + " always-valid test looked at every 100 users up to %d per arm: power %.3f%n",
        fixed,
        fixedPower,
        sequential,
        sequentialPower);

    assertThat(fixedPower).isGreaterThanOrEqualTo(0.8);
    assertThat(sequentialPower).isGreaterThanOrEqualTo(0.8);
  }

  private static boolean fixedHorizonSignificant(List<UserOutcome> users) {
    RatioMetric control = RatioMetric.EMPTY;
    RatioMetric treatment = RatioMetric.EMPTY;
    for (UserOutcome u : users) {
      if (u.treatment()) {
        treatment = treatment.plus(u.corrections(), u.predictions());
      } else {
        control = control.plus(u.corrections(), u.predictions());
      }
    }
    double difference = treatment.ratio() - control.ratio();
    return ZTest.difference(difference, control.variance() + treatment.variance()).pValue()
        <= ALPHA;
  }
}
