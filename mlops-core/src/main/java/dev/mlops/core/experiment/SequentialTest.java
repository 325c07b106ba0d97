package dev.mlops.core.experiment;

import dev.mlops.core.experiment.stats.Msprt;
import dev.mlops.core.experiment.stats.RatioMetric;
import dev.mlops.core.experiment.stats.ZTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays users in the order they arrived and looks at the primary metric every {@code every} users
 * and after the last one, as a person refreshing the report would: at each look the difference of
 * the arms' correction rates, its delta-method variance, the (naive) fixed-horizon p-value and the
 * always-valid {@link Msprt} p-value. A look is taken only once each arm has at least {@link
 * #MIN_USERS_PER_ARM} users and the variance is positive: before that the plug-in variance says
 * nothing.
 */
public final class SequentialTest {
  /** Users an arm needs before the first look. */
  public static final int MIN_USERS_PER_ARM = 10;

  private SequentialTest() {}

  /**
   * The looks.
   *
   * @param users every user, in arrival order
   * @param tau the mixture's standard deviation (the minimum detectable effect)
   * @param every users between looks, > 0
   */
  public static List<SequentialPoint> run(List<UserOutcome> users, double tau, int every) {
    if (every <= 0) {
      throw new IllegalArgumentException("every is " + every + "; must be > 0");
    }
    List<SequentialPoint> looks = new ArrayList<>();
    RatioMetric control = RatioMetric.EMPTY;
    RatioMetric treatment = RatioMetric.EMPTY;
    double alwaysValid = 1;
    for (int i = 0; i < users.size(); i++) {
      UserOutcome user = users.get(i);
      if (user.treatment()) {
        treatment = treatment.plus(user.corrections(), user.predictions());
      } else {
        control = control.plus(user.corrections(), user.predictions());
      }
      boolean look = (i + 1) % every == 0 || i == users.size() - 1;
      if (look && control.users() >= MIN_USERS_PER_ARM && treatment.users() >= MIN_USERS_PER_ARM) {
        double difference = treatment.ratio() - control.ratio();
        double variance = treatment.variance() + control.variance();
        if (variance > 0) {
          alwaysValid = Msprt.update(alwaysValid, difference, variance, tau);
          double fixed = ZTest.difference(difference, variance).pValue();
          looks.add(
              new SequentialPoint(
                  i + 1,
                  control.users(),
                  treatment.users(),
                  difference,
                  variance,
                  fixed,
                  alwaysValid));
        }
      }
    }
    return looks;
  }
}
