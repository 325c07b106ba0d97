package dev.mlops.core.registry;

import java.util.List;

/**
 * Whether the model behind an alias is due for retraining, from the registry alone: a newer version
 * of its dataset, or a recorded drift verdict that recommends it.
 *
 * @param model the model name
 * @param alias the alias checked (for example {@code production})
 * @param version the version behind the alias, or null when the alias is not set
 * @param dataset the name of the dataset that version was trained on, or null
 * @param datasetVersion the dataset version it was trained on, or null
 * @param latestDatasetVersion the newest version of that dataset in the registry, or null
 * @param drift the latest drift verdict recorded for that version, or null
 * @param due whether retraining is due
 * @param reasons why (when due: one sentence per reason, each saying what to do) or why not (one
 *     sentence)
 */
public record RetrainDecision(
    String model,
    String alias,
    Integer version,
    String dataset,
    Integer datasetVersion,
    Integer latestDatasetVersion,
    DriftRecord drift,
    boolean due,
    List<String> reasons) {
  /** Copies the reasons. */
  public RetrainDecision {
    reasons = List.copyOf(reasons);
  }
}
