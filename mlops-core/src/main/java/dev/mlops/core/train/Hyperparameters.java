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
    int patience) {

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
        config.patience());
  }
}
