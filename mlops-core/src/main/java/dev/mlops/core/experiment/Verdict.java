package dev.mlops.core.experiment;

/** What an experiment's analysis concludes. A lower correction rate is better. */
public enum Verdict {
  /** The treatment's correction rate is lower, significantly so. */
  TREATMENT_BETTER("treatment better"),
  /** The control's correction rate is lower, significantly so. */
  CONTROL_BETTER("control better"),
  /** No significant difference so far; more users may show one. */
  NO_DIFFERENCE_YET("no difference yet"),
  /** The arms' user counts do not match the split: no comparison can be trusted. */
  INVALID_SRM("invalid (sample ratio mismatch)");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The verdict in words, e.g. {@code treatment better}. */
  public String label() {
    return label;
  }

  /** The variant this verdict favours ({@code control} or {@code treatment}), or null for none. */
  public String winner() {
    return switch (this) {
      case TREATMENT_BETTER -> Assignment.TREATMENT;
      case CONTROL_BETTER -> Assignment.CONTROL;
      default -> null;
    };
  }
}
