package dev.mlops.core.registry;

import java.util.Objects;

/**
 * The check before an alias moves: the candidate's accuracy may be lower than the current holder's
 * by at most {@code maxRegression}.
 *
 * @param maxRegression the largest accepted accuracy drop, in [0, 1]
 * @param metrics where the compared metrics come from
 */
public record ChampionGate(double maxRegression, MetricsSource metrics) {
  /** Checks the range of {@code maxRegression}. */
  public ChampionGate {
    if (!(maxRegression >= 0 && maxRegression <= 1)) {
      throw new IllegalArgumentException("maxRegression must be in [0, 1]: " + maxRegression);
    }
    Objects.requireNonNull(metrics, "metrics");
  }

  /** A gate on the metrics recorded in the cards. */
  public static ChampionGate recorded(double maxRegression) {
    return new ChampionGate(maxRegression, MetricsSource.RECORDED);
  }
}
