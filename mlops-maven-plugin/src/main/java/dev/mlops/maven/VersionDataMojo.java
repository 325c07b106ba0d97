package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.version.VersionRequest;
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
    if (onSpark(sparkMaster)) {
      request =
          VersionRequest.ofStored(
              name, scanOnSpark(progress), Optional.ofNullable(parent), push, null);
    } else {
      ScanResult scan = scan(progress);
      request =
          new VersionRequest(
              name, scan.manifest(), dataDirectory.toPath(), Optional.ofNullable(parent), push);
    }
    // The core fetches before it allocates a version when pushing; no fetch here.
    withVersions(
        progress,
        false,
        versions -> versions.version(request).summaryLines().forEach(getLog()::info));
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
    try {
      return Manifest.fromJson(Files.readAllBytes(manifestFile));
    } catch (IOException e) {
      throw new MlopsException("cannot read the manifest ScanJob wrote to " + manifestFile, e);
    }
  }
}
