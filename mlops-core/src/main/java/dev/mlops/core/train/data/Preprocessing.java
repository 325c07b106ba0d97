package dev.mlops.core.train.data;

import java.util.Arrays;

/**
 * How an image becomes the model's input: resized to {@code inputSize x inputSize}, converted to
 * {@code channels} channels, scaled to [0, 1], then normalised per channel as {@code (x - mean) /
 * std}. Saved with every trained model so serving and evaluation prepare images the same way.
 *
 * @param inputSize height and width in pixels
 * @param channels 1 (gray) or 3 (RGB)
 * @param mean per-channel mean, one value per channel
 * @param std per-channel standard deviation, one positive value per channel
 */
public record Preprocessing(int inputSize, int channels, float[] mean, float[] std) {

  /** Validates the values and copies the arrays. */
  public Preprocessing {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be >= 1, got " + inputSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (mean == null || std == null || mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel (" + channels + ")");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * ImageNet statistics: RGB mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225); gray uses their
   * average, mean 0.449, std 0.226.
   */
  public static Preprocessing imagenet(int inputSize, int channels) {
    if (channels == 1) {
      return new Preprocessing(inputSize, 1, new float[] {0.449f}, new float[] {0.226f});
    }
    return new Preprocessing(
        inputSize,
        channels,
        new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f});
  }

  /** A copy of the per-channel mean. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the per-channel standard deviation. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** Equal when every component is equal, comparing the arrays by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Preprocessing p
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
