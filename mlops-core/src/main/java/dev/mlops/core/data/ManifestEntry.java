package dev.mlops.core.data;

import java.util.Objects;

/**
 * One file of a dataset.
 *
 * @param path path relative to the data directory, '/'-separated, as found on disk
 * @param split the split the file belongs to
 * @param label the class (the name of its class folder)
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param size the file's size in bytes
 */
public record ManifestEntry(String path, Split split, String label, String sha256, long size) {
  /** Checks that no field is missing. */
  public ManifestEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(sha256, "sha256");
  }
}
