package dev.mlops.core.data.validate;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The 64-bit difference hash (dHash) of an image: the image is box-averaged to 9x8 gray cells and
 * each bit says whether a cell is brighter than its right neighbour. Re-encoding, small resizes and
 * brightness changes move few bits; different pictures differ in about half of them.
 */
final class PerceptualHash {
  private static final int COLS = 9;
  private static final int ROWS = 8;

  private PerceptualHash() {}

  /** The number of differing bits of two hashes. */
  static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** The dHash of {@code image}; reads every pixel once, row by row. */
  static long dHash(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[][] xs = cellBounds(width, COLS);
    int[][] ys = cellBounds(height, ROWS);
    double[][] sums = new double[ROWS][COLS];
    RowSource source = rowSource(image);
    int[] gray = new int[width];
    long[] rowSums = new long[COLS];
    for (int y = 0; y < height; y++) {
      source.read(y, gray);
      for (int cx = 0; cx < COLS; cx++) {
        long sum = 0;
        for (int x = xs[0][cx]; x < xs[1][cx]; x++) {
          sum += gray[x];
        }
        rowSums[cx] = sum;
      }
      for (int cy = 0; cy < ROWS; cy++) {
        if (y >= ys[0][cy] && y < ys[1][cy]) {
          for (int cx = 0; cx < COLS; cx++) {
            sums[cy][cx] += rowSums[cx];
          }
        }
      }
    }
    return bits(sums, xs, ys);
  }

  private static long bits(double[][] sums, int[][] xs, int[][] ys) {
    long hash = 0;
    for (int cy = 0; cy < ROWS; cy++) {
      int rows = ys[1][cy] - ys[0][cy];
      for (int cx = 0; cx < COLS - 1; cx++) {
        double left = sums[cy][cx] / (rows * (xs[1][cx] - xs[0][cx]));
        double right = sums[cy][cx + 1] / (rows * (xs[1][cx + 1] - xs[0][cx + 1]));
        hash = (hash << 1) | (left > right ? 1 : 0);
      }
    }
    return hash;
  }

  /**
   * Start (row 0) and end (row 1, exclusive) pixel of each cell. Cells of images smaller than the
   * grid overlap, so every cell covers at least one pixel.
   */
  private static int[][] cellBounds(int size, int cells) {
    int[][] bounds = new int[2][cells];
    for (int c = 0; c < cells; c++) {
      int start = (int) ((long) c * size / cells);
      bounds[0][c] = Math.min(start, size - 1);
      bounds[1][c] = Math.max(bounds[0][c] + 1, (int) ((long) (c + 1) * size / cells));
    }
    return bounds;
  }

  /** Fills {@code gray} with the 0..255 luma of row {@code y}. */
  private interface RowSource {
    void read(int y, int[] gray);
  }

  private static RowSource rowSource(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof IndexColorModel icm && raster.getNumBands() == 1) {
      return indexed(icm, raster);
    }
    boolean plainModel = cm instanceof ComponentColorModel || cm instanceof DirectColorModel;
    int type = cm.getColorSpace().getType();
    boolean integral =
        raster.getTransferType() == DataBuffer.TYPE_BYTE
            || raster.getTransferType() == DataBuffer.TYPE_USHORT
            || raster.getTransferType() == DataBuffer.TYPE_INT;
    if (plainModel
        && integral
        && ((type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1)
            || (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3))) {
      return components(cm, raster);
    }
    // Unusual colour spaces: let Java2D convert, still a row at a time.
    int[] argb = new int[image.getWidth()];
    return (y, gray) -> {
      image.getRGB(0, y, argb.length, 1, argb, 0, argb.length);
      for (int x = 0; x < argb.length; x++) {
        gray[x] = luma(argb[x] >> 16 & 0xff, argb[x] >> 8 & 0xff, argb[x] & 0xff);
      }
    };
  }

  private static RowSource indexed(IndexColorModel icm, Raster raster) {
    int[] lut = new int[icm.getMapSize()];
    for (int i = 0; i < lut.length; i++) {
      int rgb = icm.getRGB(i);
      lut[i] = luma(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
    }
    int[] samples = new int[raster.getWidth()];
    return (y, gray) -> {
      raster.getSamples(0, y, samples.length, 1, 0, samples);
      for (int x = 0; x < samples.length; x++) {
        gray[x] = samples[x] < lut.length ? lut[samples[x]] : 0;
      }
    };
  }

  private static RowSource components(ColorModel cm, Raster raster) {
    int bands = raster.getNumBands();
    int colors = cm.getNumColorComponents();
    int[] max = new int[colors];
    for (int b = 0; b < colors; b++) {
      max[b] = (int) ((1L << cm.getComponentSize(b)) - 1);
    }
    int width = raster.getWidth();
    int[] pixels = new int[width * bands];
    return (y, gray) -> {
      raster.getPixels(0, y, width, 1, pixels);
      for (int x = 0, i = 0; x < width; x++, i += bands) {
        if (colors == 1) {
          gray[x] = scale(pixels[i], max[0]);
        } else {
          gray[x] =
              luma(
                  scale(pixels[i], max[0]),
                  scale(pixels[i + 1], max[1]),
                  scale(pixels[i + 2], max[2]));
        }
      }
    };
  }

  private static int scale(int sample, int max) {
    return max == 255 ? sample : (int) ((long) sample * 255 / max);
  }

  private static int luma(int r, int g, int b) {
    return (299 * r + 587 * g + 114 * b) / 1000;
  }
}
