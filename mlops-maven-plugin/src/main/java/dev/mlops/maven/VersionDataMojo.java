package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.data.version.VersionResult;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StagedObjects;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records the data directory as a new dataset version: stores every file in the object store,
 * commits the manifest and card to the {@code mlops-registry} branch and tags the source commit
 * {@code dataset/<name>/v<N>}. An unchanged dataset creates nothing.
 */
@Mojo(name = "version-data", threadSafe = true, requiresProject = true)
public final class VersionDataMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version-data.skip", defaultValue = "false")
  private boolean skipVersionData;

  /**
   * The parent of the new version ({@code vK}); default: the latest version.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.parent")
  private String parent;

  /**
   * Runs the goal's data work as Apache Spark jobs on this master ({@code local[2]}, {@code
   * spark://host:7077}, {@code yarn}, ...) with the same outputs as a run without it; unset: on
   * this machine. Here: ScanJob hashes the files and stores them in the store, then the version is
   * committed as locally. The jobs run in a forked JVM with {@code dev.mlops:mlops-spark} and
   * Spark, which Maven resolves on first use (the plugin itself does not depend on Spark); a shared
   * data directory and store must be reachable from every executor.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.spark.master")
  private String sparkMaster;

  /**
   * A manifest written by the Spark job ScanJob with {@code --store} into this project's store, for
   * data scanned on a cluster ({@code spark-submit}, e.g. of an {@code hdfs:} or {@code s3a:}
   * root): it is versioned as is, after a check that the store holds every file it names with its
   * size; the data directory is not read. Unset: the data directory is scanned.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version-data.manifest")
  private File manifest;

  @Override
  protected String goal() {
    return "version-data";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipVersionData);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoExecutionException {
    String name = datasetName();
    VersionRequest request;
    if (manifest != null) {
      if (onSpark(sparkMaster)) {
        throw new InvalidInputException(
            "manifest and sparkMaster are both set; a manifest is versioned as it is (no scan"
                + " runs), so unset one of them",
            manifest.toString(),
            Remedy.setting("manifest", "sparkMaster"));
      }
      request =
          VersionRequest.ofStored(
              name, readManifest(manifest.toPath()), Optional.ofNullable(parent), push, null);
    } else if (onSpark(sparkMaster)) {
      request =
          VersionRequest.ofStored(
              name, scanOnSpark(progress), Optional.ofNullable(parent), push, null);
    } else {
      // The scan copies the files it hashes into a batch of the store, so each is read once.
      ObjectStore store = objectStore();
      try (StagedObjects staged = store.stage()) {
        ScanResult scan = scan(progress, staged);
        VersionRequest local =
            new VersionRequest(
                    name,
                    scan.manifest(),
                    dataDirectory.toPath(),
                    Optional.ofNullable(parent),
                    push)
                .withStaged(staged);
        withVersions(progress, store, false, versions -> report(versions.version(local)));
      }
      return;
    }
    // The core fetches before it allocates a version when pushing; no fetch here.
    VersionRequest stored = request;
    withVersions(progress, false, versions -> report(versions.version(stored)));
  }

  private void report(VersionResult result) {
    result.summaryLines().forEach(getLog()::info);
  }

  /**
   * Scans and stores the data directory with mlops-spark's ScanJob, which writes the manifest the
   * local scan would build; the version then continues as locally, without copying the files.
   */
  private Manifest scanOnSpark(Progress progress) throws MlopsException, MojoExecutionException {
    Path manifestFile = Path.of(project.getBuild().getDirectory(), "mlops", "spark-manifest.json");
    sparkJobs(progress)
        .run(
            sparkMaster,
            "dev.mlops.spark.ScanJob",
            List.of(
                "--data", dataDirectory.getAbsolutePath(),
                "--output", manifestFile.toString(),
                "--store", objectStore().root().toString(),
                "--split-fractions", splitFractions,
                "--split-seed", Long.toString(splitSeed)));
    return readManifest(manifestFile);
  }

  private static Manifest readManifest(Path file) throws InvalidInputException {
    try {
      return Manifest.fromJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the manifest "
              + file
              + ": "
              + e.getMessage()
              + "; give the file ScanJob wrote with --output (its --store must be this store)",
          file.toString(),
          Remedy.setting("manifest"));
    }
  }
}
