package dev.mlops.core.data.version;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link DatasetVersions#checkout}.
 *
 * @param dataset the dataset name
 * @param version the version restored
 * @param dataDirectory the directory that now holds it
 * @param written files written (missing or different before)
 * @param deleted files deleted (not part of the version)
 * @param unchanged files that already had the right content
 */
public record CheckoutResult(
    String dataset, int version, Path dataDirectory, int written, int deleted, int unchanged) {
  /** Lines for the build log. */
  public List<String> summaryLines() {
    return List.of(
        "Checked out dataset "
            + dataset
            + " v"
            + version
            + " into "
            + dataDirectory
            + ": "
            + written
            + " written, "
            + deleted
            + " deleted, "
            + unchanged
            + " unchanged");
  }
}
