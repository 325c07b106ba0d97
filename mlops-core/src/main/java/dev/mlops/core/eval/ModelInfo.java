package dev.mlops.core.eval;

import dev.mlops.core.data.Split;

/**
 * Which model was evaluated on which data.
 *
 * @param architecture the architecture name, for example {@code resnet18}
 * @param fingerprint the training fingerprint of the model
 * @param manifestId the id of the dataset manifest the split comes from
 * @param split the split evaluated ({@code test}, or {@code val} when there is no test split)
 */
public record ModelInfo(String architecture, String fingerprint, String manifestId, Split split) {}
