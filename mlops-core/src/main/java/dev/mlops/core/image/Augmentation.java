package dev.mlops.core.image;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Random changes applied to training images, drawn per image and epoch: a horizontal flip, a
 * rotation about the centre (corners filled black) and color jitter with factors drawn uniformly
 * from {@code [1 - x, 1 + x]} like torchvision's {@code ColorJitter} (saturation only for RGB).
 * Only the train split is augmented: pass {@link #NONE} for validation, test and inference.
 *
 * @param flipProbability probability of a horizontal flip, in [0,1]
 * @param maxRotationDegrees the angle is uniform in {@code [-max, max]} degrees, in [0,180]
 * @param brightness brightness jitter, in [0,1]
 * @param contrast contrast jitter, in [0,1]
 * @param saturation saturation jitter, in [0,1]; ignored for gray images
 */
public record Augmentation(
    double flipProbability,
    double maxRotationDegrees,
    double brightness,
    double contrast,
    double saturation) {
  /** No augmentation: images are only resized and normalised. */
  public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0);

  /** Flip with p = 0.5, rotation up to 15 degrees, color jitter 0.2 / 0.2 / 0.2. */
  public static final Augmentation DEFAULT = new Augmentation(0.5, 15, 0.2, 0.2, 0.2);

  /** Validates the ranges, naming the field. */
  public Augmentation {
    check("flipProbability", flipProbability, 1);
    check("maxRotationDegrees", maxRotationDegrees, 180);
    check("brightness", brightness, 1);
    check("contrast", contrast, 1);
    check("saturation", saturation, 1);
  }

  /**
   * {@link #DEFAULT} with the given values instead of its own; a {@code null} keeps the default.
   * One {@code colorJitter} sets brightness, contrast and saturation alike.
   *
   * @throws IllegalArgumentException naming the field whose value is out of range
   */
  public static Augmentation withDefaults(
      Double flipProbability, Double maxRotationDegrees, Double colorJitter) {
    return new Augmentation(
        flipProbability == null ? DEFAULT.flipProbability : flipProbability,
        maxRotationDegrees == null ? DEFAULT.maxRotationDegrees : maxRotationDegrees,
        colorJitter == null ? DEFAULT.brightness : colorJitter,
        colorJitter == null ? DEFAULT.contrast : colorJitter,
        colorJitter == null ? DEFAULT.saturation : colorJitter);
  }

  /** Whether this changes nothing, so images can be normalised without an augmentation pass. */
  @JsonIgnore
  public boolean isNone() {
    return flipProbability == 0
        && maxRotationDegrees == 0
        && brightness == 0
        && contrast == 0
        && saturation == 0;
  }

  private static void check(String field, double value, double max) {
    if (!(value >= 0 && value <= max)) {
      throw new IllegalArgumentException(field + " is " + value + "; must be in [0," + max + "]");
    }
  }
}
