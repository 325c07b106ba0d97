package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.version.DatasetCard;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lists the versions of the dataset with their counts, dates and lineage. */
@Mojo(name = "datasets", threadSafe = true, requiresProject = true)
public final class DatasetsMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.datasets.skip", defaultValue = "false")
  private boolean skipDatasets;

  @Override
  protected String goal() {
    return "datasets";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipDatasets);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = datasetName();
    withVersions(
        progress,
        true,
        versions -> {
          List<DatasetCard> cards = versions.list(name);
          if (cards.isEmpty()) {
            getLog()
                .info(
                    "Dataset "
                        + name
                        + " has no versions yet; create one with mvn mlops:version-data");
            return;
          }
          getLog().info("Dataset " + name + ": " + cards.size() + " version(s)");
          DatasetTable.lines(cards).forEach(getLog()::info);
        });
  }
}
