package dev.mlops.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
    long t = weightSteps(name, "m");
    NDArray m = state("m", name, weight);
    NDArray v = state("v", name, weight);
    // Bias corrections in double on the host: the same bits on every run and machine.
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    // The engine's fused update (one native call per weight; DJL's own Adam uses it) computes
    //   g' = g + wd * w;  m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2;
    //   w -= c * m / (sqrt(v) + e)
    // on a copy of the gradient, where our ten separate NDArray operations cost a JNI call, a
    // scalar array and often a temporary array each (resnet18 at 64 px: 120-170 ms of a 300 ms
    // step, now 25-40 ms). With c = lr sqrt(c2) / c1 and e = eps sqrt(c2) this is PyTorch's
    //   w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)
    // multiplied through by sqrt(c2): the same update up to float rounding.
    double root2 = Math.sqrt(correction2);
    float stepSize = (float) (learningRate * root2 / correction1);
    float epsilon = (float) (EPSILON * root2);
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, gradient, m, v),
            new NDList(weight),
            learningRate,
            stepSize,
            weightDecay,
            1f,
            -1f,
            BETA1,
            BETA2,
            epsilon,
            false,
            false);
  }
}
