package dev.mlops.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} (betas 0.9/0.999, eps 1e-8, L2 weight decay added to
 * the gradient, bias-corrected step size):
 *
 * <pre>
 * g = g + wd * w
 * m = b1 * m + (1 - b1) * g
 * v = b2 * v + (1 - b2) * g^2
 * w = w - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * where {@code t} counts the weight's own updates, as PyTorch's per-parameter {@code step}: a
 * backbone unfrozen at global step 1001 is at t = 1 there. With the global count its first step
 * would be 2.5 times too large: m and v start from zero either way, but the corrections would be
 * those of t = 1001 (1 and 0.63) instead of t = 1 (0.1 and 0.001).
 */
final class AdamUpdater extends ParameterUpdater {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final float weightDecay;

  AdamUpdater(NDManager manager, float weightDecay) {
    super(manager);
    this.weightDecay = weightDecay;
  }

  @Override
  void update(
      String name, NDArray weight, NDArray gradient, float learningRate, NDManager scratch) {
    if (weightDecay != 0) {
      gradient.addi(scoped(weight.mul(weightDecay), scratch));
    }
    long t = weightSteps(name, "m");
    NDArray m = state("m", name, weight);
    NDArray v = state("v", name, weight);
    m.muli(BETA1).addi(gradient.mul(1 - BETA1));
    v.muli(BETA2).addi(gradient.mul(gradient).muli(1 - BETA2));
    // Bias corrections in double on the host: the same bits on every run and machine.
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    float stepSize = (float) (learningRate / correction1);
    NDArray denominator =
        scoped(v.sqrt(), scratch).divi((float) Math.sqrt(correction2)).addi(EPSILON);
    weight.subi(scoped(m.div(denominator), scratch).muli(stepSize));
  }
}
