package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.data.version.VersionResult;
import java.util.Optional;
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

  @Override
  protected String goal() {
    return "version-data";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipVersionData);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = datasetName();
    ScanResult scan = scan(progress);
    // The core fetches before it allocates a version when pushing; no fetch here.
    withVersions(
        progress,
        false,
        versions -> {
          VersionResult result =
              versions.version(
                  new VersionRequest(
                      name,
                      scan.manifest(),
                      dataDirectory.toPath(),
                      Optional.ofNullable(parent),
                      push));
          result.summaryLines().forEach(getLog()::info);
        });
  }
}
