package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.Reevaluation;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that read or write model versions in the Git registry. */
abstract class AbstractRegistryMojo extends AbstractDatasetMojo {
  /**
   * The model's name in the registry ({@code [a-z0-9][a-z0-9._-]*}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.model", defaultValue = "${project.artifactId}")
  protected String model;

  /** The validated model name. */
  protected String modelName() throws InvalidInputException {
    return Names.requireValid(model, "model");
  }

  /** Work with the model registry of the project's Git repository. */
  @FunctionalInterface
  protected interface ModelWork {
    void run(ModelRegistry registry, RegistryRepository repository) throws MlopsException;
  }

  /**
   * Opens the project's registry, fetching first when {@code push} is set, and runs {@code work}.
   */
  protected void withModels(Progress progress, boolean fetchFirst, ModelWork work)
      throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(basedir())) {
      if (fetchFirst && push) {
        repo.fetch("origin");
        progress.info("Fetched the registry from origin");
      }
      work.run(new ModelRegistry(repo, objectStore(), progress), repo);
    }
  }

  /**
   * The project's data as it is now, on which versions evaluated on other data are measured again
   * for the champion gate ({@code batchSize} images per forward pass; null: the core's default).
   */
  protected Reevaluation currentData(Progress progress, Integer batchSize) throws MlopsException {
    return Reevaluation.builder()
        .setData(dataDirectory.toPath(), scan(progress).manifest())
        .setCacheDirectory(Path.of(project.getBuild().getDirectory(), "mlops", "registry-cache"))
        .optBatchSize(batchSize)
        .build();
  }
}
