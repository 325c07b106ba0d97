package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints the files added, removed, changed and relabelled between two dataset versions. */
@Mojo(name = "diff-data", threadSafe = true, requiresProject = true)
public final class DiffDataMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.diff-data.skip", defaultValue = "false")
  private boolean skipDiffData;

  /**
   * The older version ({@code v1} or {@code 1}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.from", required = true)
  private String from;

  /**
   * The newer version ({@code v2} or {@code 2}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.to", required = true)
  private String to;

  @Override
  protected String goal() {
    return "diff-data";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipDiffData);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = datasetName();
    int fromVersion = Names.parseVersion(from, "from");
    int toVersion = Names.parseVersion(to, "to");
    withVersions(
        progress,
        true,
        versions ->
            versions.diff(name, fromVersion, toVersion).summaryLines().forEach(getLog()::info));
  }
}
