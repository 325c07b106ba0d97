package dev.mlops.core.drift;

import dev.mlops.core.image.Raster8;
import java.awt.image.BufferedImage;

/**
 * Computes the {@link ImageFeature} vector of a decoded image in one pass over its 8-bit samples
 * (plus one over the luma for the Laplacian). Gray samples are used as stored, as training uses
 * them. Thread-safe; a reusable core API (a feature store keyed by content hash reads the same
 * numbers).
 */
public final class ImageFeatures {
  /**
   * Luma in thousandths: {@code 299 R + 587 G + 114 B} is 1000 times ITU-R BT.601's luma, exact in
   * integers, so sums need no floating point per pixel (the statistics are then exact up to the
   * final divisions) and the feature store's values are the same on every JVM.
   */
  private static final int R = 299;

  private static final int G = 587;
  private static final int B = 114;
  private static final double LUMA_SCALE = 1000.0;

  /** 1 / max for max = 1..255: saturation without a division per pixel. */
  private static final double[] INVERSE = new double[256];

  static {
    for (int i = 1; i < INVERSE.length; i++) {
      INVERSE[i] = 1.0 / i;
    }
  }

  private ImageFeatures() {}

  /**
   * The features of {@code image}, indexed by {@link ImageFeature#ordinal()}.
   *
   * @param image any decoded image (gray, RGB, indexed, with or without alpha; alpha is ignored)
   */
  public static double[] of(BufferedImage image) {
    return of(Raster8.of(image));
  }

  /** The features of an 8-bit raster, indexed by {@link ImageFeature#ordinal()}. */
  public static double[] of(Raster8 raster) {
    int width = raster.width();
    int height = raster.height();
    int[] luma = new int[width * height];
    Sums sums = channelSums(raster, luma);
    double n = (double) width * height;
    double mean = sums.luma / LUMA_SCALE / n;
    double meanSquare = sums.lumaSquares / (LUMA_SCALE * LUMA_SCALE) / n;
    double variance = Math.max(0, meanSquare - mean * mean);
    double[] f = new double[ImageFeature.count()];
    f[ImageFeature.BRIGHTNESS.ordinal()] = mean / 255;
    f[ImageFeature.CONTRAST.ordinal()] = Math.sqrt(variance) / 255;
    f[ImageFeature.MEAN_RED.ordinal()] = sums.red / n / 255;
    f[ImageFeature.MEAN_GREEN.ordinal()] = sums.green / n / 255;
    f[ImageFeature.MEAN_BLUE.ordinal()] = sums.blue / n / 255;
    f[ImageFeature.SATURATION.ordinal()] = sums.saturation / n;
    f[ImageFeature.SHARPNESS.ordinal()] = laplacianVariance(luma, width, height);
    f[ImageFeature.WIDTH.ordinal()] = width;
    f[ImageFeature.HEIGHT.ordinal()] = height;
    f[ImageFeature.ASPECT_RATIO.ordinal()] = (double) width / height;
    return f;
  }

  /** Per-image sums; luma in thousandths. */
  private record Sums(
      long red, long green, long blue, long luma, double lumaSquares, double saturation) {}

  /** Fills {@code luma} (thousandths, 0..255000) and sums the channels, luma and saturation. */
  private static Sums channelSums(Raster8 raster, int[] luma) {
    byte[] data = raster.data();
    int[] bands = raster.bands();
    boolean gray = bands.length == 1;
    int b0 = bands[0];
    int b1 = gray ? b0 : bands[1];
    int b2 = gray ? b0 : bands[2];
    int stride = raster.pixelStride();
    long sumR = 0;
    long sumG = 0;
    long sumB = 0;
    double sumYy = 0;
    double sumS = 0;
    int width = raster.width();
    for (int y = 0, i = 0; y < raster.height(); y++) {
      int p = raster.offset() + y * raster.scanline();
      // Row sums in longs (flushed to doubles per row): no floating-point dependency chain per
      // pixel but the saturation's. 2^16 squares of at most 255000^2 fit a long; wider rows (a
      // 100-megapixel strip) go through the exact but slower double path.
      long rowYy = 0;
      double rowS = 0;
      boolean narrow = width <= 0xffff;
      int rowR = 0; // 2^16 samples of at most 255 fit an int
      int rowG = 0;
      int rowB = 0;
      for (int x = 0; x < width; x++, i++, p += stride) {
        int r = data[p + b0] & 0xff;
        int g = data[p + b1] & 0xff;
        int b = data[p + b2] & 0xff;
        if (narrow) {
          rowR += r;
          rowG += g;
          rowB += b;
        } else {
          sumR += r;
          sumG += g;
          sumB += b;
        }
        int l = R * r + G * g + B * b;
        luma[i] = l;
        if (narrow) {
          rowYy += (long) l * l;
        } else {
          sumYy += (double) l * l;
        }
        int max = Math.max(r, Math.max(g, b));
        rowS += (max - Math.min(r, Math.min(g, b))) * INVERSE[max];
      }
      sumR += rowR;
      sumG += rowG;
      sumB += rowB;
      sumYy += rowYy;
      sumS += rowS;
    }
    long sumY = R * sumR + G * sumG + B * sumB; // the luma's sum, exactly
    return new Sums(sumR, sumG, sumB, sumY, sumYy, sumS);
  }

  /**
   * Variance of the 4-neighbour Laplacian of the luma (0..255) over interior pixels; 0 for images
   * under 3x3. {@code luma} is in thousandths, as {@link #channelSums} fills it.
   */
  static double laplacianVariance(int[] luma, int width, int height) {
    if (width < 3 || height < 3) {
      return 0;
    }
    long sum = 0;
    double sumSq = 0;
    boolean narrow = width <= 0xffff; // 2^16 squares of |lap| <= 4 * 255000 fit a long
    for (int y = 1; y < height - 1; y++) {
      int row = y * width;
      long rowSum = 0;
      long rowSq = 0;
      for (int x = 1; x < width - 1; x++) {
        int i = row + x;
        int lap = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
        rowSum += lap;
        if (narrow) {
          rowSq += (long) lap * lap;
        } else {
          sumSq += (double) lap * lap;
        }
      }
      sum += rowSum;
      sumSq += rowSq;
    }
    double n = (double) (width - 2) * (height - 2);
    double mean = sum / LUMA_SCALE / n;
    return Math.max(0, sumSq / (LUMA_SCALE * LUMA_SCALE) / n - mean * mean);
  }
}
