package dev.mlops.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the server uses the treatment. */
public enum ExperimentMode {
  /** Each user is answered by the variant their bucket falls in. */
  @JsonProperty("split")
  SPLIT,
  /**
   * Every request is answered by control; treatment scores the same image off the response path,
   * and both predictions are logged for a paired comparison.
   */
  @JsonProperty("shadow")
  SHADOW;

  /** The mode named {@code split} or {@code shadow} (any case), or null when neither. */
  public static ExperimentMode parse(String value) {
    for (ExperimentMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.trim())) {
        return mode;
      }
    }
    return null;
  }
}
