package dev.mlops.core.image;

/**
 * Applies {@link AugmentParams} to a resized 8-bit image: flip, then rotation about the centre
 * (bilinear, black outside the source), then brightness, contrast and saturation in the drawn order
 * with torchvision's tensor formulas, clamped to [0,1]. Works on the small resized image, so it
 * costs a fraction of decoding. Stateless; one instance serves all workers.
 */
final class Augmenter {
  // torchvision's rgb_to_grayscale weights.
  private static final float R = 0.2989f;
  private static final float G = 0.587f;
  private static final float B = 0.114f;

  private final int size;
  private final int channels;
  private final int pixels;

  Augmenter(int size, int channels) {
    this.size = size;
    this.channels = channels;
    this.pixels = size * size;
  }

  /**
   * Writes the augmented image as channel-first values in [0,1] into {@code out} ({@code channels *
   * size * size} floats).
   */
  void apply(byte[] hwc, AugmentParams params, float[] out) {
    if (params.degrees() == 0) {
      flipOnly(hwc, params.flip(), out);
    } else {
      rotate(hwc, params.flip(), params.degrees(), out);
    }
    for (int step : params.order()) {
      switch (step) {
        case 0 -> brightness(out, params.brightness());
        case 1 -> contrast(out, params.contrast());
        default -> saturation(out, params.saturation());
      }
    }
  }

  private void flipOnly(byte[] hwc, boolean flip, float[] out) {
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int source = (y * size + (flip ? size - 1 - x : x)) * channels;
        for (int c = 0; c < channels; c++) {
          out[c * pixels + y * size + x] = Normalizer.unit(hwc[source + c] & 0xff);
        }
      }
    }
  }

  /**
   * Samples the source at the inverse-rotated position of each output pixel centre. Pixel centres
   * are at {@code i + 0.5}; positive degrees turn the picture counter-clockwise (y points down).
   */
  private void rotate(byte[] hwc, boolean flip, double degrees, float[] out) {
    // StrictMath: the same bits on every JVM and CPU, so augmentation is reproducible anywhere.
    double radians = Math.toRadians(degrees);
    double cos = StrictMath.cos(radians);
    double sin = StrictMath.sin(radians);
    double centre = size / 2.0;
    for (int y = 0; y < size; y++) {
      double dy = y + 0.5 - centre;
      for (int x = 0; x < size; x++) {
        double dx = x + 0.5 - centre;
        double sx = dx * cos - dy * sin + centre;
        double sy = dx * sin + dy * cos + centre;
        if (flip) {
          sx = size - sx;
        }
        sample(hwc, sx - 0.5, sy - 0.5, out, y * size + x);
      }
    }
  }

  /** Bilinear sample at pixel coordinates ({@code fx}, {@code fy}); outside counts as black. */
  private void sample(byte[] hwc, double fx, double fy, float[] out, int at) {
    int x0 = floor(fx);
    int y0 = floor(fy);
    float ax = (float) (fx - x0);
    float ay = (float) (fy - y0);
    float w00 = (1 - ax) * (1 - ay);
    float w10 = ax * (1 - ay);
    float w01 = (1 - ax) * ay;
    float w11 = ax * ay;
    if (x0 >= 0 && y0 >= 0 && x0 < size - 1 && y0 < size - 1) {
      // Inside: the common case, four neighbours without bounds checks.
      int i = (y0 * size + x0) * channels;
      int below = size * channels;
      for (int c = 0; c < channels; c++, i++) {
        out[c * pixels + at] =
            w00 * Normalizer.unit(hwc[i] & 0xff)
                + w10 * Normalizer.unit(hwc[i + channels] & 0xff)
                + w01 * Normalizer.unit(hwc[i + below] & 0xff)
                + w11 * Normalizer.unit(hwc[i + below + channels] & 0xff);
      }
      return;
    }
    for (int c = 0; c < channels; c++) {
      out[c * pixels + at] =
          w00 * value(hwc, x0, y0, c)
              + w10 * value(hwc, x0 + 1, y0, c)
              + w01 * value(hwc, x0, y0 + 1, c)
              + w11 * value(hwc, x0 + 1, y0 + 1, c);
    }
  }

  /** {@code Math.floor} for coordinates well inside the int range, without its slow path. */
  private static int floor(double v) {
    int i = (int) v;
    return v < i ? i - 1 : i;
  }

  private float value(byte[] hwc, int x, int y, int c) {
    if (x < 0 || y < 0 || x >= size || y >= size) {
      return 0f;
    }
    return Normalizer.unit(hwc[(y * size + x) * channels + c] & 0xff);
  }

  private void brightness(float[] img, float factor) {
    if (factor != 1f) {
      for (int i = 0; i < img.length; i++) {
        img[i] = clamp(img[i] * factor);
      }
    }
  }

  /** Blends with the mean gray level of the whole image. */
  private void contrast(float[] img, float factor) {
    if (factor == 1f) {
      return;
    }
    double sum = 0;
    for (int p = 0; p < pixels; p++) {
      sum += gray(img, p);
    }
    float bias = (1 - factor) * (float) (sum / pixels);
    for (int i = 0; i < img.length; i++) {
      img[i] = clamp(factor * img[i] + bias);
    }
  }

  /** Blends each pixel with its own gray level; gray images have no saturation. */
  private void saturation(float[] img, float factor) {
    if (factor == 1f || channels != 3) {
      return;
    }
    float keep = 1 - factor;
    int g = pixels;
    int b = 2 * pixels;
    for (int p = 0; p < pixels; p++) {
      float gray = keep * (R * img[p] + G * img[g + p] + B * img[b + p]);
      img[p] = clamp(factor * img[p] + gray);
      img[g + p] = clamp(factor * img[g + p] + gray);
      img[b + p] = clamp(factor * img[b + p] + gray);
    }
  }

  /** The gray level of pixel {@code p}. */
  private float gray(float[] img, int p) {
    if (channels == 1) {
      return img[p];
    }
    return R * img[p] + G * img[pixels + p] + B * img[2 * pixels + p];
  }

  /** Branch-free, so the jitter loops vectorise. */
  private static float clamp(float v) {
    return Math.max(0f, Math.min(v, 1f));
  }
}
