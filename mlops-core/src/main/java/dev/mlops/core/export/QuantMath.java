package dev.mlops.core.export;

/**
 * The arithmetic of int8 quantization as ONNX defines it: {@code q = saturate(round(x / scale) +
 * zeroPoint)}, {@code x = (q - zeroPoint) * scale}, rounding half to even.
 */
final class QuantMath {
  private QuantMath() {}

  /**
   * Scale and zero point of a uint8 activation tensor observed in {@code [min, max]}. The range is
   * widened to hold 0, so 0 is exact (zero padding, ReLU) and a range starting at 0 saturates
   * negative values to 0, which is what a ReLU does.
   */
  record Activation(float scale, int zeroPoint) {
    static Activation of(double min, double max) {
      double lo = Math.min(0, min);
      double hi = Math.max(0, max);
      if (hi - lo < 1e-8) {
        hi = lo + 1e-8;
      }
      float scale = (float) ((hi - lo) / 255);
      int zeroPoint = (int) Math.max(0, Math.min(255, Math.rint(-lo / scale)));
      return new Activation(scale, zeroPoint);
    }
  }

  /**
   * Symmetric weights: {@code values[i] = round(w[i] / scale)} in {@code [-limit, limit]}, zero
   * point 0, scale {@code max|w| / limit} per run.
   */
  record Weights(byte[] values, float[] scales) {}

  /**
   * Quantizes {@code weights} as {@code channels} equal runs (per output channel when {@code
   * channels} is the first dimension, per tensor when it is 1) into {@code [-limit, limit]}.
   */
  static Weights symmetric(float[] weights, int channels, int limit) {
    int run = weights.length / channels;
    byte[] values = new byte[weights.length];
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      double max = 0;
      for (int i = c * run; i < (c + 1) * run; i++) {
        max = Math.max(max, Math.abs(weights[i]));
      }
      // An all-zero channel still needs a positive scale; its values are 0 whatever it is.
      float scale = max > 0 ? (float) (max / limit) : 1f;
      scales[c] = scale;
      for (int i = c * run; i < (c + 1) * run; i++) {
        values[i] = (byte) clamp(Math.rint(weights[i] / scale), -limit, limit);
      }
    }
    return new Weights(values, scales);
  }

  /** int32 biases in the scale {@code inputScale * weightScale[c]} that integer kernels add. */
  static int[] bias(float[] bias, float inputScale, float[] weightScales) {
    int[] values = new int[bias.length];
    for (int c = 0; c < bias.length; c++) {
      float scale = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
      values[c] = (int) clamp(Math.rint(bias[c] / scale), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    return values;
  }

  /** The per-channel scales {@code inputScale * weightScale[c]} of an int32 bias. */
  static float[] biasScales(float inputScale, float[] weightScales, int channels) {
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      scales[c] = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
    }
    return scales;
  }

  private static double clamp(double value, double lo, double hi) {
    return Math.max(lo, Math.min(hi, value));
  }
}
