package dev.mlops.core.image;

/**
 * Turns 8-bit samples into normalised floats, {@code (v / 255 - mean[c]) / std[c]}, through one
 * lookup table per channel. The augmented path computes the same expression from {@link #unit}
 * values, so an image that augmentation leaves alone gets the very same floats as the plain path.
 */
final class Normalizer {
  private static final float[] UNIT = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT[v] = v / 255f;
    }
  }

  private final int channels;
  private final int pixels;
  private final float[] mean;
  private final float[] std;
  private final float[][] table;

  Normalizer(Preprocessing pre) {
    channels = pre.channels();
    pixels = pre.inputSize() * pre.inputSize();
    mean = pre.mean();
    std = pre.std();
    table = new float[channels][256];
    for (int c = 0; c < channels; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = (UNIT[v] - mean[c]) / std[c];
      }
    }
  }

  /** {@code v / 255} for an 8-bit sample. */
  static float unit(int v) {
    return UNIT[v];
  }

  /** Normalises interleaved (HWC) 8-bit samples into {@code dest} from {@code offset}, CHW. */
  void fromBytes(byte[] hwc, float[] dest, int offset) {
    for (int c = 0; c < channels; c++) {
      float[] lut = table[c];
      int o = offset + c * pixels;
      for (int p = 0, i = c; p < pixels; p++, i += channels) {
        dest[o + p] = lut[hwc[i] & 0xff];
      }
    }
  }

  /** Normalises channel-first values in [0,1] into {@code dest} from {@code offset}. */
  void fromUnit(float[] chw, float[] dest, int offset) {
    for (int c = 0; c < channels; c++) {
      float m = mean[c];
      float s = std[c];
      int from = c * pixels;
      int o = offset + from;
      for (int p = 0; p < pixels; p++) {
        dest[o + p] = (chw[from + p] - m) / s;
      }
    }
  }
}
