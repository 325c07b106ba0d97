package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
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

  /**
   * A gate on the recorded metrics, checking the user's {@code maxRegression}; choose other metrics
   * with {@link #withMetrics}.
   *
   * @throws InvalidInputException naming the value and the allowed range
   */
  public static ChampionGate of(double maxRegression) throws InvalidInputException {
    if (!(maxRegression >= 0 && maxRegression <= 1)) {
      throw new InvalidInputException(
          "maxRegression is " + maxRegression + "; must be in [0,1], e.g. 0.01",
          Double.toString(maxRegression),
          Remedy.setting("maxRegression"));
    }
    return recorded(maxRegression);
  }

  /** This gate comparing the metrics of {@code source}. */
  public ChampionGate withMetrics(MetricsSource source) {
    return new ChampionGate(maxRegression, source);
  }

  /** A gate on the metrics recorded in the cards. */
  public static ChampionGate recorded(double maxRegression) {
    return new ChampionGate(maxRegression, MetricsSource.RECORDED);
  }
}
