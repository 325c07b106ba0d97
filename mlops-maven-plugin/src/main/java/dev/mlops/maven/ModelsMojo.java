package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.registry.ModelListing;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the model's versions with date, dataset version, key metrics and aliases; with {@code
 * -Dmlops.compare=3,7} prints the metric deltas, hyperparameter differences and dataset diff of two
 * versions instead.
 */
@Mojo(name = "models", threadSafe = true, requiresProject = true)
public final class ModelsMojo extends AbstractRegistryMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.models.skip", defaultValue = "false")
  private boolean skipModels;

  /**
   * Two versions to compare, e.g. {@code 3,7} or {@code v3,v7}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.compare")
  private String compare;

  @Override
  protected String goal() {
    return "models";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipModels);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    withModels(
        progress,
        true,
        (registry, repo) -> {
          if (compare == null) {
            ModelListing listing = registry.listing(name);
            listing.summaryLines().forEach(getLog()::info);
            if (listing.versions().isEmpty()) {
              getLog().info("Register one with `" + Remedies.command(Stage.REGISTER) + "`");
            }
            return;
          }
          String[] pair = compare.split(",");
          if (pair.length != 2) {
            throw new InvalidInputException(
                "compare is '" + compare + "'; give two versions, e.g. 1,2",
                compare,
                Remedy.setting("compare"));
          }
          registry
              .compare(name, pair[0].trim(), pair[1].trim())
              .summaryLines()
              .forEach(getLog()::info);
        });
  }
}
