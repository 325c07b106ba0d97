package dev.mlops.core.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a split and its class.
 *
 * @param file the image file
 * @param relativePath the path as the user knows it (relative to the data directory), for messages
 * @param label the class index (position in the model's label list)
 */
public record LabeledImage(Path file, String relativePath, int label) {
  /** Requires a file and a non-negative label. */
  public LabeledImage {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(relativePath, "relativePath");
    if (label < 0) {
      throw new IllegalArgumentException("label of " + relativePath + " is " + label + " (< 0)");
    }
  }
}
