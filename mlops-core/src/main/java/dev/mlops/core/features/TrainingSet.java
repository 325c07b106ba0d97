package dev.mlops.core.features;

import dev.mlops.core.data.ManifestEntry;
import java.util.List;

/**
 * A dataset version's images joined with a view's values: labels and splits from the version's
 * manifest, features from the store.
 *
 * @param view the view read
 * @param rows the images with values, in manifest order
 * @param missing the images the store has no values for (materialize them first)
 */
public record TrainingSet(FeatureView view, List<Row> rows, List<ManifestEntry> missing) {
  /** Copies the lists. */
  public TrainingSet {
    rows = List.copyOf(rows);
    missing = List.copyOf(missing);
  }

  /**
   * One image and its values.
   *
   * @param entry path, split, label, sha256 and size from the manifest
   * @param values the view's values, one per column
   */
  public record Row(ManifestEntry entry, double[] values) {}
}
