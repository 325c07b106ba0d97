package dev.mlops.core.train.data;

/**
 * Resizes to a square with PIL's bilinear filter (what torchvision's {@code Resize} uses): a
 * triangle filter that widens with the shrink factor, so downscaling averages every source pixel
 * instead of aliasing like plain 4-tap bilinear. Separable: rows first, then columns, in float,
 * rounded to 8 bits once at the end. Same size in is the identity.
 */
final class Resampler {
  private Resampler() {}

  /**
   * Resizes a {@code width x height} image read by {@code rows} to {@code size x size}.
   *
   * @return {@code size * size * channels} interleaved 8-bit samples (HWC)
   */
  static byte[] resize(PixelRows.Reader rows, int width, int height, int channels, int size) {
    Taps xs = Taps.of(width, size);
    Taps ys = Taps.of(height, size);
    int rowLength = size * channels;
    // Only rows some output row uses are read: when enlarging, or trimming a 1-pixel border, not
    // every source row contributes.
    float[] horizontal = new float[height * rowLength];
    int[] line = new int[width * channels];
    int first = ys.start[0];
    int last = ys.start[size - 1] + ys.count[size - 1];
    for (int y = first; y < last; y++) {
      rows.read(y, line);
      resampleRow(line, xs, channels, horizontal, y * rowLength);
    }
    byte[] out = new byte[size * rowLength];
    float[] acc = new float[rowLength];
    for (int oy = 0; oy < size; oy++) {
      java.util.Arrays.fill(acc, 0f);
      for (int k = 0; k < ys.count[oy]; k++) {
        float w = ys.weights[oy * ys.maxTaps + k];
        int from = (ys.start[oy] + k) * rowLength;
        for (int i = 0; i < rowLength; i++) {
          acc[i] += w * horizontal[from + i];
        }
      }
      for (int i = 0, o = oy * rowLength; i < rowLength; i++, o++) {
        out[o] = (byte) toByte(acc[i]);
      }
    }
    return out;
  }

  private static void resampleRow(int[] line, Taps xs, int channels, float[] dest, int offset) {
    int size = xs.start.length;
    for (int ox = 0; ox < size; ox++) {
      int start = xs.start[ox];
      int base = ox * xs.maxTaps;
      for (int c = 0; c < channels; c++) {
        float sum = 0;
        for (int k = 0, i = start * channels + c; k < xs.count[ox]; k++, i += channels) {
          sum += xs.weights[base + k] * line[i];
        }
        dest[offset + ox * channels + c] = sum;
      }
    }
  }

  static int toByte(float v) {
    int r = (int) (v + 0.5f);
    return r < 0 ? 0 : Math.min(r, 255);
  }

  /** Source pixels and normalised weights of each output pixel along one axis. */
  private record Taps(int[] start, int[] count, float[] weights, int maxTaps) {
    static Taps of(int in, int out) {
      double scale = (double) in / out;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // the triangle filter has support 1
      int maxTaps = (int) Math.ceil(support) * 2 + 1;
      int[] start = new int[out];
      int[] count = new int[out];
      float[] weights = new float[out * maxTaps];
      for (int o = 0; o < out; o++) {
        double center = (o + 0.5) * scale;
        int min = Math.max(0, (int) (center - support + 0.5));
        int max = Math.min(in, (int) (center + support + 0.5));
        double total = 0;
        double[] w = new double[max - min];
        for (int i = min; i < max; i++) {
          w[i - min] = Math.max(0, 1 - Math.abs((i - center + 0.5) / filterScale));
          total += w[i - min];
        }
        // Drop zero-weight edge taps so the identity reads exactly one pixel.
        int lo = 0;
        int hi = w.length;
        while (hi - lo > 1 && w[lo] == 0) {
          lo++;
        }
        while (hi - lo > 1 && w[hi - 1] == 0) {
          hi--;
        }
        start[o] = min + lo;
        count[o] = hi - lo;
        for (int k = lo; k < hi; k++) {
          weights[o * maxTaps + k - lo] = (float) (total > 0 ? w[k] / total : 1.0 / w.length);
        }
      }
      return new Taps(start, count, weights, maxTaps);
    }
  }
}
