package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
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
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    withModels(
        progress,
        true,
        (registry, repo) -> {
          if (compare == null) {
            registry.listing(name).summaryLines().forEach(getLog()::info);
            return;
          }
          String[] pair = compare.split(",");
          if (pair.length != 2) {
            throw new InvalidInputException(
                "-Dmlops.compare is '" + compare + "'; give two versions, e.g. -Dmlops.compare=1,2",
                compare);
          }
          registry
              .compare(name, pair[0].trim(), pair[1].trim())
              .summaryLines()
              .forEach(getLog()::info);
        });
  }
}
