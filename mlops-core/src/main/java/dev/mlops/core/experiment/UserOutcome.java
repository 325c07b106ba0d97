package dev.mlops.core.experiment;

/**
 * One user's tally in an experiment, the unit of assignment and of analysis.
 *
 * @param treatment whether the user was in the treatment arm
 * @param corrections the user's predictions that feedback corrected
 * @param predictions the user's predictions
 */
public record UserOutcome(boolean treatment, int corrections, int predictions) {
  /** Checks the counts. */
  public UserOutcome {
    if (predictions < 0 || corrections < 0 || corrections > predictions) {
      throw new IllegalArgumentException(
          corrections + " corrections of " + predictions + " predictions; must be in [0, n]");
    }
  }
}
