package dev.mlops.core.image;

/**
 * Resizes to a square with PIL's bilinear filter (what torchvision's {@code Resize} uses): a
 * triangle filter that widens with the shrink factor, so downscaling averages every source pixel
 * instead of aliasing like plain 4-tap bilinear. Separable and in float, rounded to 8 bits once at
 * the end; the same size in and out is the identity.
 *
 * <p>Columns first, straight from the decoder's byte array: that pass runs over whole contiguous
 * rows, which the JIT vectorises, and leaves only {@code size} rows for the strided row pass (rows
 * first cost 3.4 ms per 640x480 photo, more than decoding it).
 */
final class Resampler {
  private static final float LUMA_R = 0.299f;
  private static final float LUMA_G = 0.587f;
  private static final float LUMA_B = 0.114f;

  private Resampler() {}

  /**
   * Resizes {@code source} to {@code size x size} with {@code channels} (1 or 3) channels; RGB
   * becomes gray by the ITU-R 601 luma, gray becomes RGB by repeating the value.
   *
   * @return {@code size * size * channels} interleaved 8-bit samples (HWC)
   */
  static byte[] resize(Raster8 source, int channels, int size) {
    Taps xs = Taps.of(source.width(), size);
    Taps ys = Taps.of(source.height(), size);
    int stride = source.pixelStride();
    int rowLength = source.width() * stride;
    float[] column = new float[rowLength];
    float[] pixel = new float[3];
    byte[] out = new byte[size * size * channels];
    int[] bands = source.bands();
    for (int oy = 0, o = 0; oy < size; oy++) {
      columnPass(source, ys, oy, column, rowLength);
      for (int ox = 0; ox < size; ox++, o += channels) {
        if (bands.length == 3) {
          rgb(column, xs, ox, stride, bands, pixel);
        } else {
          pixel[0] = gray(column, xs, ox, stride, bands[0]);
        }
        store(pixel, bands.length, out, o, channels);
      }
    }
    return out;
  }

  /** The three colours of output column {@code ox} in one pass over its taps. */
  private static void rgb(float[] column, Taps xs, int ox, int stride, int[] bands, float[] rgb) {
    float r = 0;
    float g = 0;
    float b = 0;
    int weights = ox * xs.maxTaps;
    for (int k = 0, i = xs.start[ox] * stride; k < xs.count[ox]; k++, i += stride) {
      float w = xs.weights[weights + k];
      r += w * column[i + bands[0]];
      g += w * column[i + bands[1]];
      b += w * column[i + bands[2]];
    }
    rgb[0] = r;
    rgb[1] = g;
    rgb[2] = b;
  }

  private static float gray(float[] column, Taps xs, int ox, int stride, int band) {
    float sum = 0;
    int weights = ox * xs.maxTaps;
    for (int k = 0, i = xs.start[ox] * stride + band; k < xs.count[ox]; k++, i += stride) {
      sum += xs.weights[weights + k] * column[i];
    }
    return sum;
  }

  /** Weighted sum of the source rows of output row {@code oy}, all samples of each row. */
  private static void columnPass(Raster8 source, Taps ys, int oy, float[] column, int length) {
    byte[] data = source.data();
    int weights = oy * ys.maxTaps;
    for (int k = 0; k < ys.count[oy]; k++) {
      float w = ys.weights[weights + k];
      int row = source.offset() + (ys.start[oy] + k) * source.scanline();
      if (k == 0) {
        for (int i = 0; i < length; i++) {
          column[i] = w * (data[row + i] & 0xff);
        }
      } else {
        for (int i = 0; i < length; i++) {
          column[i] += w * (data[row + i] & 0xff);
        }
      }
    }
  }

  private static void store(float[] pixel, int bands, byte[] out, int o, int channels) {
    if (channels == 3 && bands == 3) {
      out[o] = toByte(pixel[0]);
      out[o + 1] = toByte(pixel[1]);
      out[o + 2] = toByte(pixel[2]);
    } else if (channels == 1) {
      out[o] =
          toByte(bands == 1 ? pixel[0] : LUMA_R * pixel[0] + LUMA_G * pixel[1] + LUMA_B * pixel[2]);
    } else {
      byte v = toByte(pixel[0]);
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    }
  }

  /** Rounds to 0..255; weights are never negative, so only float error can leave the range. */
  private static byte toByte(float v) {
    return (byte) Math.max(0, Math.min(255, (int) (v + 0.5f)));
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
        double[] w = new double[max - min];
        double total = 0;
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
          weights[o * maxTaps + k - lo] = (float) (total > 0 ? w[k] / total : 1.0);
        }
      }
      return new Taps(start, count, weights, maxTaps);
    }
  }
}
