package dev.mlops.core.image;

import java.util.Arrays;

/**
 * How an image becomes the model's input: resized to {@code inputSize x inputSize}, converted to
 * {@code channels} (1 = gray, 3 = RGB), scaled to [0,1] and normalised per channel as {@code (x -
 * mean[c]) / std[c]}, laid out channel-first (CHW). Saved next to a trained model so serving and
 * drift detection feed it exactly what it was trained on. Serialises to JSON by its components.
 *
 * @param inputSize width and height of the model's input, in pixels
 * @param channels 1 (gray) or 3 (RGB)
 * @param mean per-channel mean subtracted from the [0,1] value, {@code channels} entries
 * @param std per-channel divisor, {@code channels} positive entries
 */
public record Preprocessing(int inputSize, int channels, float[] mean, float[] std) {
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** Validates the values and keeps copies of the arrays. */
  public Preprocessing {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize is " + inputSize + "; must be at least 1");
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels is " + channels + "; must be 1 or 3");
    }
    if (mean == null || mean.length != channels) {
      throw new IllegalArgumentException("mean must have " + channels + " entries (one a channel)");
    }
    if (std == null || std.length != channels) {
      throw new IllegalArgumentException("std must have " + channels + " entries (one a channel)");
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("std " + Arrays.toString(std) + " must be positive");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * ImageNet normalisation: RGB mean 0.485, 0.456, 0.406 and std 0.229, 0.224, 0.225; gray images
   * use the mean of those, 0.449 and 0.226.
   */
  public static Preprocessing imagenet(int inputSize, int channels) {
    if (channels == 1) {
      return new Preprocessing(inputSize, 1, new float[] {0.449f}, new float[] {0.226f});
    }
    return new Preprocessing(inputSize, channels, IMAGENET_MEAN, IMAGENET_STD);
  }

  /** A copy of the per-channel means. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the per-channel standard deviations. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** Floats of one image's tensor: {@code channels * inputSize * inputSize}. */
  public int tensorSize() {
    return channels * inputSize * inputSize;
  }

  /** Equal when every component is equal, the arrays by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p
        && p.inputSize == inputSize
        && p.channels == channels
        && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * inputSize + channels) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Preprocessing[inputSize="
        + inputSize
        + ", channels="
        + channels
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
