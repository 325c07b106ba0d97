package dev.mlops.core.data.version;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.store.StagedObjects;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to register as a new dataset version.
 *
 * @param dataset the dataset name ({@code [a-z0-9][a-z0-9._-]*})
 * @param manifest the scanned manifest of the data directory
 * @param dataDirectory where the manifest's files are (paths are relative to it)
 * @param parent the parent version ({@code v<K>} or {@code K}); empty means the latest version
 * @param push whether to fetch from and push to {@code remote}
 * @param remote the Git remote (a name such as {@code origin}, or a URL) used when pushing
 * @param feedback the feedback records the content took in, recorded in the card (source {@code
 *     feedback}); null for none
 * @param objectsStored whether every file of the manifest is already in the object store, stored by
 *     whoever produced the manifest (a distributed scan): the files are then not copied from {@code
 *     dataDirectory} (which may be null), and each object is checked to exist with the manifest's
 *     size before the registry commit. The store names objects by the hash of the bytes it wrote,
 *     so an existing object of the right size holds the manifest's content.
 */
public record VersionRequest(
    String dataset,
    Manifest manifest,
    Path dataDirectory,
    Optional<String> parent,
    boolean push,
    String remote,
    IngestedFeedback feedback,
    boolean objectsStored,
    StagedObjects staged) {
  /** The remote used unless another is given. */
  public static final String DEFAULT_REMOTE = "origin";

  /** Checks that nothing is missing. */
  public VersionRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(manifest, "manifest");
    if (!objectsStored) {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
    }
    parent = parent == null ? Optional.empty() : parent;
    remote = remote == null ? DEFAULT_REMOTE : remote;
  }

  /** A request whose files are stored from {@code dataDirectory}. */
  public VersionRequest(
      String dataset,
      Manifest manifest,
      Path dataDirectory,
      Optional<String> parent,
      boolean push,
      String remote,
      IngestedFeedback feedback) {
    this(dataset, manifest, dataDirectory, parent, push, remote, feedback, false, null);
  }

  /**
   * A request for a manifest whose files are already in the object store (see {@code
   * objectsStored}), such as one written by a distributed scan that stored them.
   */
  public static VersionRequest ofStored(
      String dataset, Manifest manifest, Optional<String> parent, boolean push, String remote) {
    return new VersionRequest(dataset, manifest, null, parent, push, remote, null, true, null);
  }

  /**
   * This request with the files its scan copied into {@code staged} (see {@link
   * dev.mlops.core.data.DatasetScanner#scan(dev.mlops.core.data.ScanConfig, StagedObjects)}): they
   * are published as objects instead of being read again. They must be staged in the store the
   * version is written to.
   */
  public VersionRequest withStaged(StagedObjects staged) {
    return new VersionRequest(
        dataset, manifest, dataDirectory, parent, push, remote, feedback, objectsStored, staged);
  }

  /** A request without feedback. */
  public VersionRequest(
      String dataset,
      Manifest manifest,
      Path dataDirectory,
      Optional<String> parent,
      boolean push,
      String remote) {
    this(dataset, manifest, dataDirectory, parent, push, remote, null);
  }

  /** A request using the {@link #DEFAULT_REMOTE} when pushing. */
  public VersionRequest(
      String dataset,
      Manifest manifest,
      Path dataDirectory,
      Optional<String> parent,
      boolean push) {
    this(dataset, manifest, dataDirectory, parent, push, DEFAULT_REMOTE);
  }
}
