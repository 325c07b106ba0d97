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
  private static final double R = 0.299;
  private static final double G = 0.587;
  private static final double B = 0.114;

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
    float[] luma = new float[width * height];
    double[] sums = channelSums(raster, luma);
    double n = (double) width * height;
    double mean = sums[3] / n;
    double variance = Math.max(0, sums[4] / n - mean * mean);
    double[] f = new double[ImageFeature.count()];
    f[ImageFeature.BRIGHTNESS.ordinal()] = mean / 255;
    f[ImageFeature.CONTRAST.ordinal()] = Math.sqrt(variance) / 255;
    f[ImageFeature.MEAN_RED.ordinal()] = sums[0] / n / 255;
    f[ImageFeature.MEAN_GREEN.ordinal()] = sums[1] / n / 255;
    f[ImageFeature.MEAN_BLUE.ordinal()] = sums[2] / n / 255;
    f[ImageFeature.SATURATION.ordinal()] = sums[5] / n;
    f[ImageFeature.SHARPNESS.ordinal()] = laplacianVariance(luma, width, height);
    f[ImageFeature.WIDTH.ordinal()] = width;
    f[ImageFeature.HEIGHT.ordinal()] = height;
    f[ImageFeature.ASPECT_RATIO.ordinal()] = (double) width / height;
    return f;
  }

  /**
   * Fills {@code luma} (0..255) and returns the sums of red, green, blue, luma, luma squared and
   * saturation.
   */
  private static double[] channelSums(Raster8 raster, float[] luma) {
    byte[] data = raster.data();
    int[] bands = raster.bands();
    boolean gray = bands.length == 1;
    int b0 = bands[0];
    int b1 = gray ? b0 : bands[1];
    int b2 = gray ? b0 : bands[2];
    long sumR = 0;
    long sumG = 0;
    long sumB = 0;
    double sumY = 0;
    double sumYy = 0;
    double sumS = 0;
    for (int y = 0, i = 0; y < raster.height(); y++) {
      int p = raster.offset() + y * raster.scanline();
      for (int x = 0; x < raster.width(); x++, i++, p += raster.pixelStride()) {
        int r = data[p + b0] & 0xff;
        int g = data[p + b1] & 0xff;
        int b = data[p + b2] & 0xff;
        sumR += r;
        sumG += g;
        sumB += b;
        float l = (float) (R * r + G * g + B * b);
        luma[i] = l;
        sumY += l;
        sumYy += (double) l * l;
        int max = Math.max(r, Math.max(g, b));
        if (max > 0) {
          sumS += (double) (max - Math.min(r, Math.min(g, b))) / max;
        }
      }
    }
    return new double[] {sumR, sumG, sumB, sumY, sumYy, sumS};
  }

  /** Variance of the 4-neighbour Laplacian over interior pixels; 0 for images under 3x3. */
  static double laplacianVariance(float[] luma, int width, int height) {
    if (width < 3 || height < 3) {
      return 0;
    }
    double sum = 0;
    double sumSq = 0;
    for (int y = 1; y < height - 1; y++) {
      int row = y * width;
      for (int x = 1; x < width - 1; x++) {
        int i = row + x;
        double lap = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4.0 * luma[i];
        sum += lap;
        sumSq += lap * lap;
      }
    }
    double n = (double) (width - 2) * (height - 2);
    double mean = sum / n;
    return Math.max(0, sumSq / n - mean * mean);
  }
}
