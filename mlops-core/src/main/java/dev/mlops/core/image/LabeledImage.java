package dev.mlops.core.image;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.ManifestEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

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

  /**
   * The images of manifest {@code entries} under {@code dataDirectory}, labelled by their position
   * in {@code labels} (the model's classes).
   *
   * @throws InvalidInputException naming the classes the model does not know
   */
  public static List<LabeledImage> of(
      Path dataDirectory, List<ManifestEntry> entries, List<String> labels)
      throws InvalidInputException {
    TreeSet<String> unknown = new TreeSet<>();
    List<LabeledImage> images = new ArrayList<>(entries.size());
    for (ManifestEntry e : entries) {
      int label = labels.indexOf(e.label());
      if (label < 0) {
        unknown.add(e.label());
      } else {
        images.add(new LabeledImage(dataDirectory.resolve(e.path()), e.path(), label));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "the data has classes the model was not trained on: "
              + unknown
              + " (the model knows "
              + labels
              + "); train again after changing the classes",
          unknown.toString(),
          Remedy.run(Stage.TRAIN));
    }
    return images;
  }
}
