package dev.mlops.core.eval;

import dev.mlops.core.data.Split;

/**
 * Which model was evaluated on which data, and how: together the inputs that decide the metrics, so
 * an evaluation with equal inputs can be reused instead of run again.
 *
 * @param architecture the architecture name, for example {@code resnet18}
 * @param fingerprint the training fingerprint of the model (which includes the engine build)
 * @param manifestId the id of the dataset manifest the split comes from
 * @param split the split evaluated ({@code test}, or {@code val} when there is no test split)
 * @param batchSize images per forward pass; null in reports written before it was recorded
 * @param coreVersion the version of this library that computed the metrics; null in reports written
 *     before it was recorded
 */
public record ModelInfo(
    String architecture,
    String fingerprint,
    String manifestId,
    Split split,
    Integer batchSize,
    String coreVersion) {
  /** Which model on which data, without how (the evaluation cannot be reused). */
  public ModelInfo(String architecture, String fingerprint, String manifestId, Split split) {
    this(architecture, fingerprint, manifestId, split, null, null);
  }
}
