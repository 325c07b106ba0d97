package dev.mlops.core.predict;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One image's prediction, or why it has none: a row of the predictions file.
 *
 * @param path the image's path under the incoming directory, {@code /}-separated
 * @param sha256 the SHA-256 of the file's bytes (null only when the file could not be read)
 * @param label the most probable class (the first of equals), or null when {@code error} is set
 * @param confidence that class's probability, or {@link Float#NaN} when {@code error} is set
 * @param probabilities every class's probability, in the model's label order, or null when {@code
 *     error} is set
 * @param error why the image has no prediction (not decodable, too many pixels), or null
 */
public record Prediction(
    String path, String sha256, String label, float confidence, float[] probabilities, String error)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Checks that exactly one of a prediction and an error is present. */
  public Prediction {
    Objects.requireNonNull(path, "path");
    if ((error == null) == (label == null || probabilities == null)) {
      throw new IllegalArgumentException(
          path + ": a prediction has a label and probabilities, or an error, not both");
    }
  }

  /** A failed image's row. */
  public static Prediction failed(String path, String sha256, String error) {
    return new Prediction(path, sha256, null, Float.NaN, null, error);
  }

  /** Whether the image has a prediction. */
  public boolean ok() {
    return error == null;
  }

  // Records compare arrays by identity; rows are compared by value (tests, Spark vs local).
  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p
        && path.equals(p.path)
        && Objects.equals(sha256, p.sha256)
        && Objects.equals(label, p.label)
        && Float.compare(confidence, p.confidence) == 0
        && Arrays.equals(probabilities, p.probabilities)
        && Objects.equals(error, p.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, sha256, label, confidence, Arrays.hashCode(probabilities), error);
  }

  @Override
  public String toString() {
    return ok() ? path + " -> " + label + " (" + confidence + ")" : path + " -> error: " + error;
  }
}
