package dev.mlops.core.registry;

import dev.mlops.core.eval.EvaluationReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What to register as a new model version.
 *
 * <p>The dataset version is found from the model directory: the {@code manifestId} of its {@code
 * card.json} must be the manifest of a registered version of {@code dataset}.
 *
 * @param model the model name ({@code [a-z0-9][a-z0-9._-]*})
 * @param modelDirectory the trained model ({@code target/mlops/model}): params, graph.json,
 *     labels.json, preprocessing.json, card.json, fingerprint, and history.json when present
 * @param evaluation the evaluation of this model, whose metrics go into the card; may be null
 * @param dataset the name of the dataset the model was trained on
 * @param artifacts further files to store with the version by artifact name (for example {@code
 *     model.onnx}); may be empty
 * @param coordinates the Maven coordinates each artifact was attached under, by artifact name; may
 *     be empty
 * @param push whether to fetch from and push to {@code remote}
 * @param remote the Git remote (a name such as {@code origin}, or a URL) used when pushing
 */
public record RegisterRequest(
    String model,
    Path modelDirectory,
    EvaluationReport evaluation,
    String dataset,
    Map<String, Path> artifacts,
    Map<String, String> coordinates,
    boolean push,
    String remote) {
  /** The remote used unless another is given. */
  public static final String DEFAULT_REMOTE = "origin";

  /** Checks that nothing required is missing and copies the maps. */
  public RegisterRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(dataset, "dataset");
    artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    coordinates = coordinates == null ? Map.of() : Map.copyOf(coordinates);
    remote = remote == null ? DEFAULT_REMOTE : remote;
  }

  /** A builder: no evaluation, no extra artifacts or coordinates, no push. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link RegisterRequest}: {@code set*} values are required, {@code opt*} values have
   * defaults.
   */
  public static final class Builder {
    private String model;
    private Path modelDirectory;
    private EvaluationReport evaluation;
    private String dataset;
    private Map<String, Path> artifacts = Map.of();
    private Map<String, String> coordinates = Map.of();
    private boolean push;
    private String remote = DEFAULT_REMOTE;

    private Builder() {}

    /** Sets {@link RegisterRequest#model()} and {@link RegisterRequest#modelDirectory()}. */
    public Builder setModel(String name, Path directory) {
      model = name;
      modelDirectory = directory;
      return this;
    }

    /** Sets {@link RegisterRequest#dataset()}. */
    public Builder setDataset(String value) {
      dataset = value;
      return this;
    }

    /** Sets {@link RegisterRequest#evaluation()}; default none. */
    public Builder optEvaluation(EvaluationReport value) {
      evaluation = value;
      return this;
    }

    /** Sets {@link RegisterRequest#artifacts()}; default none. */
    public Builder optArtifacts(Map<String, Path> value) {
      artifacts = value == null ? artifacts : value;
      return this;
    }

    /** Sets {@link RegisterRequest#coordinates()}; default none. */
    public Builder optCoordinates(Map<String, String> value) {
      coordinates = value == null ? coordinates : value;
      return this;
    }

    /** Shares through {@code remoteName} when {@code enabled}; default: local only. */
    public Builder optPush(boolean enabled, String remoteName) {
      push = enabled;
      remote = remoteName == null ? DEFAULT_REMOTE : remoteName;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws NullPointerException naming a missing required value
     */
    public RegisterRequest build() {
      return new RegisterRequest(
          model, modelDirectory, evaluation, dataset, artifacts, coordinates, push, remote);
    }
  }

  /** A request without extra artifacts and coordinates that does not push. */
  public RegisterRequest(
      String model, Path modelDirectory, EvaluationReport evaluation, String dataset) {
    this(model, modelDirectory, evaluation, dataset, Map.of(), Map.of(), false, DEFAULT_REMOTE);
  }
}
