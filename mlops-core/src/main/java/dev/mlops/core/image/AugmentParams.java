package dev.mlops.core.image;

import java.util.SplittableRandom;

/**
 * The random choices for one image in one epoch.
 *
 * @param flip whether to flip horizontally (before rotating)
 * @param degrees rotation angle, counter-clockwise like torchvision
 * @param brightness brightness factor (1 = unchanged)
 * @param contrast contrast factor (1 = unchanged)
 * @param saturation saturation factor (1 = unchanged)
 * @param order the order of the three jitter steps: 0 brightness, 1 contrast, 2 saturation
 */
record AugmentParams(
    boolean flip, double degrees, float brightness, float contrast, float saturation, int[] order) {
  /** Changes nothing. */
  static final AugmentParams IDENTITY = new AugmentParams(false, 0, 1, 1, 1, new int[] {0, 1, 2});

  /**
   * Draws the choices for {@code aug}. Always draws the same count of numbers, so each choice
   * depends only on the random stream, not on which options are on.
   */
  static AugmentParams sample(Augmentation aug, SplittableRandom random) {
    boolean flip = random.nextDouble() < aug.flipProbability();
    double degrees = symmetric(random) * aug.maxRotationDegrees();
    float brightness = (float) (1 + symmetric(random) * aug.brightness());
    float contrast = (float) (1 + symmetric(random) * aug.contrast());
    float saturation = (float) (1 + symmetric(random) * aug.saturation());
    int[] order = {0, 1, 2};
    // Fisher-Yates, like torchvision's randperm of the jitter steps.
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new AugmentParams(flip, degrees, brightness, contrast, saturation, order);
  }

  /** Uniform in [-1, 1). */
  private static double symmetric(SplittableRandom random) {
    return random.nextDouble() * 2 - 1;
  }
}
