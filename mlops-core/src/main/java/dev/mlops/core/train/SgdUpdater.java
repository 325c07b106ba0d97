package dev.mlops.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD} (no dampening, not Nesterov; L2 weight
 * decay added to the gradient). The momentum buffer starts at zero, which equals PyTorch's "first
 * step copies the gradient":
 *
 * <pre>
 * g = g + wd * w
 * b = mu * b + g
 * w = w - lr * b
 * </pre>
 */
final class SgdUpdater extends ParameterUpdater {
  private final float momentum;
  private final float weightDecay;

  SgdUpdater(NDManager manager, float momentum, float weightDecay) {
    super(manager);
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  @Override
  void update(
      String name, NDArray weight, NDArray gradient, float learningRate, NDManager scratch) {
    if (weightDecay != 0) {
      gradient.addi(scoped(weight.mul(weightDecay), scratch));
    }
    if (momentum == 0) {
      weight.subi(gradient.muli(learningRate));
      return;
    }
    NDArray buffer = state("momentum", name, weight);
    buffer.muli(momentum).addi(gradient);
    weight.subi(scoped(buffer.mul(learningRate), scratch));
  }
}
