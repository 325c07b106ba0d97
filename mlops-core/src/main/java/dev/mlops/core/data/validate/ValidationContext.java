package dev.mlops.core.data.validate;

import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Check} may look at. Checks only read it.
 *
 * @param dataDirectory the data directory the manifest's paths are relative to
 * @param manifest the dataset
 * @param images one inspection result per manifest entry, in manifest (path) order
 * @param otherFiles files of the data directory that are not images, relative paths
 * @param symbolicLinks symbolic links in the data directory (not followed), relative paths
 */
public record ValidationContext(
    Path dataDirectory,
    Manifest manifest,
    List<ImageInfo> images,
    List<String> otherFiles,
    List<String> symbolicLinks) {
  /** Checks that no field is missing and freezes the lists. */
  public ValidationContext {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    images = List.copyOf(images);
    otherFiles = List.copyOf(otherFiles);
    symbolicLinks = List.copyOf(symbolicLinks);
  }

  /** A context without symbolic links. */
  public ValidationContext(
      Path dataDirectory, Manifest manifest, List<ImageInfo> images, List<String> otherFiles) {
    this(dataDirectory, manifest, images, otherFiles, List.of());
  }
}
