package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores the data directory to a dataset version, byte for byte from the object store (every hash
 * verified). Refuses to overwrite or delete local files whose content is in no version, unless
 * forced.
 */
@Mojo(name = "checkout-data", threadSafe = true, requiresProject = true)
public final class CheckoutDataMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.checkout-data.skip", defaultValue = "false")
  private boolean skipCheckoutData;

  /**
   * The version to restore ({@code v1} or {@code 1}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version", required = true)
  private String version;

  /**
   * Overwrites and deletes local files even when their content is in no version.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.force", defaultValue = "false")
  private boolean force;

  @Override
  protected String goal() {
    return "checkout-data";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipCheckoutData);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = datasetName();
    int number = Names.parseVersion(version, "version");
    withVersions(
        progress,
        true,
        versions ->
            versions
                .checkout(name, number, dataDirectory.toPath(), force, hashCacheFile())
                .summaryLines()
                .forEach(getLog()::info));
  }
}
