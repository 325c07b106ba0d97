package dev.mlops.core.train;

/**
 * The step learning-rate schedule (PyTorch's {@code StepLR}): the rate starts at {@code initial}
 * and is multiplied by {@code gamma} after every {@code stepSize} epochs.
 *
 * @param initial the learning rate of epoch 1
 * @param stepSize epochs between two decays (at least 1)
 * @param gamma the decay factor in (0,1]
 */
public record StepLr(double initial, int stepSize, double gamma) {
  /** Checks the ranges (the configuration has validated them for users already). */
  public StepLr {
    if (!(initial > 0) || stepSize < 1 || !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException(
          "StepLr(" + initial + ", " + stepSize + ", " + gamma + ") is out of range");
    }
  }

  /** The schedule of a training configuration. */
  public static StepLr of(TrainingConfig config) {
    return new StepLr(config.learningRate(), config.lrStepSize(), config.lrGamma());
  }

  /**
   * The learning rate of {@code epoch} (1-based): {@code initial * gamma^floor((epoch-1) /
   * stepSize)}. Computed by repeated multiplication in double, so every run gets the same bits.
   */
  public double rate(int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epochs count from 1, got " + epoch);
    }
    double rate = initial;
    for (int decays = (epoch - 1) / stepSize; decays > 0; decays--) {
      rate *= gamma;
    }
    return rate;
  }
}
