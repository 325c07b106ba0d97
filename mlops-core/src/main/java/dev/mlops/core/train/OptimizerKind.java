package dev.mlops.core.train;

/** The weight-update rules {@link ModelTrainer} implements (see {@link ParameterUpdater}). */
public enum OptimizerKind {
  /** Adam (Kingma and Ba), with L2 weight decay added to the gradient as PyTorch's {@code Adam}. */
  ADAM,
  /** Stochastic gradient descent with (heavy-ball) momentum, as PyTorch's {@code SGD}. */
  SGD
}
