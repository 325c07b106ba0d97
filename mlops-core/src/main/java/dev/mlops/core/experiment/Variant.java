package dev.mlops.core.experiment;

/**
 * One arm of an experiment: the model version it serves, resolved when the experiment started, and
 * what the user asked for ({@code production}, {@code v2}) so the record reads as it was meant.
 *
 * @param version the model version number
 * @param ref the version or alias given at start
 */
public record Variant(int version, String ref) {
  /** {@code v<N>}. */
  public String versionName() {
    return "v" + version;
  }
}
