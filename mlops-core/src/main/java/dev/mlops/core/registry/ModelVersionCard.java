package dev.mlops.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlops.core.eval.EvaluationMetrics;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the registry records about one model version ({@code models/<name>/v<N>/card.json}).
 *
 * @param name the model name
 * @param version the version number N of {@code v<N>}
 * @param createdAt when it was registered, ISO-8601 UTC
 * @param createdBy who registered it ({@code Name <email>} from Git)
 * @param sourceCommit the project commit (HEAD) it was registered from, which the tag marks
 * @param sourceDirty whether tracked files had uncommitted changes at that time
 * @param dataset the dataset version the model was trained on
 * @param architecture the architecture name
 * @param hyperparameters the training settings, as in the model's {@code card.json}
 * @param fingerprint the training fingerprint; one version per fingerprint
 * @param metrics the evaluation metrics recorded at registration, or null when not evaluated
 * @param artifacts the stored files of the model, by name
 * @param parentVersion the model version this one was warm-started from, or null
 * @param initFromOrigin what an imported warm-start file was (file name and description, for
 *     example an ONNX export of a torchvision ResNet), or null (omitted from the JSON)
 * @param initFromSha256 the SHA-256 of the file the model was warm-started from (its own or an
 *     imported one), or null (omitted from the JSON)
 */
// Cards written by a newer version may carry more fields; older readers still list them.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersionCard(
    String name,
    int version,
    String createdAt,
    String createdBy,
    String sourceCommit,
    boolean sourceDirty,
    DatasetRef dataset,
    String architecture,
    Map<String, Object> hyperparameters,
    String fingerprint,
    EvaluationMetrics metrics,
    List<Artifact> artifacts,
    Integer parentVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) String initFromOrigin,
    @JsonInclude(JsonInclude.Include.NON_NULL) String initFromSha256) {

  /**
   * The dataset version a model was trained on.
   *
   * @param name the dataset name
   * @param version the dataset version number
   * @param manifestId the manifest id of that version
   */
  public record DatasetRef(String name, int version, String manifestId) {}

  /**
   * One stored file of a model version.
   *
   * @param name the file name inside the model directory (for example {@code params})
   * @param sha256 the object's hash in the store
   * @param size the size in bytes
   * @param coordinates the Maven coordinates it was published under, or null
   */
  public record Artifact(String name, String sha256, long size, String coordinates) {}

  /** Checks the required fields and copies the collections. */
  public ModelVersionCard {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(dataset, "dataset");
    // Copied into a TreeMap: a hyperparameter may be null (for example an unused momentum).
    hyperparameters =
        hyperparameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(hyperparameters));
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** {@code v<N>}. */
  @JsonIgnore
  public String versionName() {
    return "v" + version;
  }

  /** The Git tag of this version, {@code model/<name>/v<N>}. */
  @JsonIgnore
  public String tagName() {
    return ModelPaths.tagName(name, version);
  }

  /** The artifact called {@code artifactName}, if the version has one. */
  public Optional<Artifact> artifact(String artifactName) {
    return artifacts.stream().filter(a -> a.name().equals(artifactName)).findFirst();
  }

  /** The first line of the registry commit and tag of this version. */
  String commitMessage() {
    return "model "
        + name
        + " "
        + versionName()
        + ": dataset "
        + dataset.name()
        + " v"
        + dataset.version()
        + ", fingerprint "
        + fingerprint.substring(0, Math.min(12, fingerprint.length()))
        + (parentVersion == null ? "" : ", parent v" + parentVersion);
  }
}
