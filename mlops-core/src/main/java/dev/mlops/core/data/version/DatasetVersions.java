package dev.mlops.core.data.version;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Dataset versions in the Git registry: register the content of a data directory as {@code v<N>},
 * list versions, read their manifests, compare two versions, and restore a data directory to a
 * version from the object store.
 */
public final class DatasetVersions {
  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;

  /** Works on {@code registry}'s registry branch and tags, with file contents in {@code store}. */
  public DatasetVersions(RegistryRepository registry, ObjectStore store, Progress progress) {
    this.registry = registry;
    this.store = store;
    this.progress = progress;
  }

  /**
   * Registers the manifest's content as the next version of the dataset, or reports the existing
   * version with the same content. Stores every file first, then commits manifest and card in one
   * compare-and-swap commit that allocates the version number, then tags the source commit. With
   * {@code push}, fetches first and pushes the branch and tags, redoing the commit on top of the
   * remote's head if someone else pushed in between.
   *
   * @throws dev.mlops.core.InvalidInputException for a bad name or parent, or an unborn HEAD
   */
  public VersionResult version(VersionRequest request) throws MlopsException {
    return new VersionWriter(registry, store, progress).version(request);
  }

  /** The cards of every version of dataset {@code name}, by version; empty if there is none. */
  public List<DatasetCard> list(String name) throws MlopsException {
    String valid = Names.requireValid(name, "dataset");
    return registry.query(s -> VersionWriter.cards(s, valid));
  }

  /**
   * The version numbers of dataset {@code name} in {@code snapshot}, ascending; empty if there is
   * none. For queries that read datasets and models from one snapshot of the registry.
   */
  public static List<Integer> versions(RegistrySnapshot snapshot, String name)
      throws MlopsException {
    return DatasetPaths.versions(snapshot, Names.requireValid(name, "dataset"));
  }

  /**
   * The manifest of {@code name} v{@code version}.
   *
   * @throws dev.mlops.core.InvalidInputException when there is no such version (the message lists
   *     the existing ones)
   */
  public Manifest manifest(String name, int version) throws MlopsException {
    String valid = Names.requireValid(name, "dataset");
    return registry.query(s -> DatasetPaths.manifest(s, valid, version));
  }

  /**
   * What changed from version {@code from} to version {@code to} of dataset {@code name}.
   *
   * @throws dev.mlops.core.InvalidInputException when either version does not exist, naming the
   *     setting ({@code from} or {@code to}) it came from
   */
  public DataDiff diff(String name, int from, int to) throws MlopsException {
    String valid = Names.requireValid(name, "dataset");
    return registry.query(
        s ->
            DataDiff.between(
                valid,
                from,
                to,
                DatasetPaths.manifest(s, valid, from, "from"),
                DatasetPaths.manifest(s, valid, to, "to")));
  }

  /**
   * Restores {@code dataDirectory} to version {@code version} byte for byte: writes missing and
   * different files, deletes files that are not in the version (never hidden ones), and removes
   * directories that became empty. Refuses, before changing anything, when a file to overwrite or
   * delete holds content that no version of the dataset has, unless {@code force}. All or nothing:
   * every file to write is restored and hash-checked into a staging folder before the first change,
   * and a failure after it puts every file back; a checkout that died half way is undone first.
   *
   * @param hashCacheFile the scanner's hash cache, so unchanged files are not hashed; may be null
   */
  public CheckoutResult checkout(
      String name, int version, Path dataDirectory, boolean force, Path hashCacheFile)
      throws MlopsException {
    String valid = Names.requireValid(name, "dataset");
    return new DataCheckout(registry, store, progress)
        .checkout(valid, version, dataDirectory, force, hashCacheFile);
  }
}
