package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StagedObjects;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that read or write dataset versions in the Git registry. */
abstract class AbstractDatasetMojo extends AbstractMlopsMojo {
  /**
   * Shares the registry with the {@code origin} remote: writers push the registry branch and their
   * tags, readers fetch first.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.push", defaultValue = "false")
  protected boolean push;

  /** The validated dataset name. */
  protected String datasetName() throws InvalidInputException {
    return Names.requireValid(dataset, "dataset");
  }

  /** Scans the data directory (hashing only files changed since the last scan). */
  protected ScanResult scan(Progress progress) throws MlopsException {
    return scan(progress, null);
  }

  /**
   * Scans as {@link #scan(Progress)} does, copying the files it hashes into {@code staged} (null:
   * none) for a version that stores them next.
   */
  protected ScanResult scan(Progress progress, StagedObjects staged) throws MlopsException {
    return new DatasetScanner(progress)
        .scan(new ScanConfig(dataDirectory.toPath(), splitPolicy(), hashCacheFile()), staged);
  }

  /** Work with the registry of the project's Git repository. */
  @FunctionalInterface
  protected interface RegistryWork {
    void run(DatasetVersions versions) throws MlopsException;
  }

  /**
   * Opens the project's registry, fetching first when {@code push} is set, and runs {@code work}.
   */
  protected void withVersions(Progress progress, boolean fetchFirst, RegistryWork work)
      throws MlopsException {
    withVersions(progress, objectStore(), fetchFirst, work);
  }

  /** As {@link #withVersions(Progress, boolean, RegistryWork)}, writing to {@code store}. */
  protected void withVersions(
      Progress progress, ObjectStore store, boolean fetchFirst, RegistryWork work)
      throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(basedir())) {
      if (fetchFirst && push) {
        repo.fetch("origin");
        progress.info("Fetched the registry from origin");
      }
      work.run(new DatasetVersions(repo, store, progress));
    }
  }
}
