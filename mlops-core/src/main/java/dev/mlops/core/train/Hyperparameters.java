package dev.mlops.core.train;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The settings of a run that change its result, as recorded in the fingerprint and the model card.
 *
 * @param epochs configured epochs
 * @param batchSize images per step
 * @param learningRate learning rate of epoch 1
 * @param optimizer the update rule
 * @param momentum SGD momentum; {@code null} for Adam, which does not use it
 * @param weightDecay L2 penalty
 * @param lrStepSize epochs between learning-rate decays
 * @param lrGamma decay factor
 * @param patience early-stopping patience (0 = off)
 * @param freezeBackbone {@code true} when the backbone is frozen; {@code null} (left out of the
 *     JSON) when it is not, so that the fingerprints of runs without fine-tuning settings stay
 * @param unfreezeAfter epochs with the backbone frozen; {@code null} when it never unfreezes
 * @param backboneLrFactor the backbone's learning-rate factor after unfreezing; {@code null} when
 *     it never unfreezes (the factor is then unused)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hyperparameters(
    int epochs,
    int batchSize,
    double learningRate,
    OptimizerKind optimizer,
    Double momentum,
    double weightDecay,
    int lrStepSize,
    double lrGamma,
    int patience,
    Boolean freezeBackbone,
    Integer unfreezeAfter,
    Double backboneLrFactor) {

  /** The result-changing part of {@code config}. */
  public static Hyperparameters of(TrainingConfig config) {
    return new Hyperparameters(
        config.epochs(),
        config.batchSize(),
        config.learningRate(),
        config.optimizer(),
        config.optimizer() == OptimizerKind.SGD ? config.momentum() : null,
        config.weightDecay(),
        config.lrStepSize(),
        config.lrGamma(),
        config.patience(),
        config.freezeBackbone() ? Boolean.TRUE : null,
        config.unfreezeAfter() > 0 ? config.unfreezeAfter() : null,
        config.unfreezeAfter() > 0 ? config.backboneLrFactor() : null);
  }
}
