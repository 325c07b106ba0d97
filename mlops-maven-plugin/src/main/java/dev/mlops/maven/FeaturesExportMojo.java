package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.features.ExportRequest;
import dev.mlops.core.features.FeatureExport;
import dev.mlops.core.features.FeatureStore;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a dataset version's images with a feature view's values (sha256, path, split, label, one
 * column per feature) to a Parquet or CSV file, chosen by the file's extension: the data directory
 * as it is now by default, or a registered version with {@code -Dmlops.version=vN}. The values come
 * from the feature store; images without values fail the goal unless {@code skipMissing}.
 */
@Mojo(name = "features-export", threadSafe = true, requiresProject = true)
public final class FeaturesExportMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features-export.skip", defaultValue = "false")
  private boolean skipFeaturesExport;

  /**
   * The feature view to export: {@code image-stats} or {@code embedding/<model>/v<N>}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features.view", defaultValue = "image-stats")
  private String featuresView;

  /**
   * The file to write; its extension chooses the format: {@code .parquet} (Apache Parquet) or
   * {@code .csv} (RFC 4180).
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.features.output",
      defaultValue = "${project.build.directory}/mlops/features.parquet")
  private File featuresOutput;

  /**
   * The registered dataset version to export ({@code v3} or {@code 3}); unset: the data directory
   * as it is now.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version")
  private String version;

  /**
   * Leaves out images that have no values in the store (they are counted in the summary) instead of
   * failing.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.features-export.skipMissing", defaultValue = "false")
  private boolean skipMissing;

  @Override
  protected String goal() {
    return "features-export";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipFeaturesExport);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    Manifest manifest = manifest(progress);
    try (FeatureStore features = FeatureStore.open(objectStore().root())) {
      ExportRequest request =
          ExportRequest.builder()
              .setView(featuresView)
              .setManifest(manifest)
              .setOutput(featuresOutput.toPath())
              .optSkipMissing(skipMissing)
              .build();
      getLog().info(new FeatureExport(features).export(request).summary());
    }
  }

  /** The registered version named by {@code version}, or the data directory scanned now. */
  private Manifest manifest(Progress progress) throws MlopsException {
    if (version == null || version.isBlank()) {
      return scan(progress).manifest();
    }
    String name = datasetName();
    int number = Names.parseVersion(version, "version");
    Manifest[] found = new Manifest[1];
    withVersions(progress, true, versions -> found[0] = versions.manifest(name, number));
    return found[0];
  }
}
