package dev.mlops.core.drift;

/**
 * The per-image features drift detection compares, each computed on the decoded image at its own
 * size (before the model's resize), so that a change of camera, resolution or lighting shows up
 * even when the model's input would hide it. Intensities are on a 0..1 scale.
 */
public enum ImageFeature {
  /** Mean luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), 0..1. */
  BRIGHTNESS("brightness"),
  /** Standard deviation of the luma (RMS contrast), 0..0.5. */
  CONTRAST("contrast"),
  /** Mean of the red channel, 0..1 (the gray value for grayscale images). */
  MEAN_RED("mean_red"),
  /** Mean of the green channel, 0..1. */
  MEAN_GREEN("mean_green"),
  /** Mean of the blue channel, 0..1. */
  MEAN_BLUE("mean_blue"),
  /** Mean HSV saturation, (max - min) / max per pixel, 0 for gray pixels; 0..1. */
  SATURATION("saturation"),
  /**
   * Variance of the 4-neighbour Laplacian of the luma (0..255) over interior pixels: the kernel of
   * OpenCV's {@code Laplacian(gray, CV_64F).var()} (which also counts reflected border pixels). Low
   * means blurred.
   */
  SHARPNESS("sharpness"),
  /** Width in pixels. */
  WIDTH("width"),
  /** Height in pixels. */
  HEIGHT("height"),
  /** Width divided by height. */
  ASPECT_RATIO("aspect_ratio");

  private final String id;

  ImageFeature(String id) {
    this.id = id;
  }

  /** The name used in {@code baseline.json}, {@code drift.json} and the report. */
  public String id() {
    return id;
  }

  /** The number of features: the length of a feature vector. */
  public static int count() {
    return values().length;
  }
}
