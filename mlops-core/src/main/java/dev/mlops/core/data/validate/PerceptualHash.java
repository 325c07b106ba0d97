package dev.mlops.core.data.validate;

import dev.mlops.core.image.DirectBytes;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The 64-bit difference hash (dHash) of an image: the image is box-averaged to 9x8 gray cells and
 * each bit says whether a cell is brighter than its right neighbour. Re-encoding, small resizes and
 * brightness changes move few bits; different pictures differ in about half of them.
 */
public final class PerceptualHash {
  private static final int COLS = 9;
  private static final int ROWS = 8;

  private PerceptualHash() {}

  /** The number of differing bits of two hashes. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /**
   * At least this many samples per cell and axis. Larger images are sampled on a regular grid with
   * that many: a cell mean over 16x16 samples is as good as over all pixels for a 64-bit hash, and
   * hashing every pixel of a 640x480 photo cost a third of its decoding time.
   */
  private static final int SAMPLES_PER_CELL = 16;

  /** The dHash of {@code image}: box averages of 9x8 cells, read row by row. */
  public static long dHash(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int step =
        Math.max(
            1, Math.min(width / (COLS * SAMPLES_PER_CELL), height / (ROWS * SAMPLES_PER_CELL)));
    int[][] xs = cellBounds(width, COLS);
    int[][] ys = cellBounds(height, ROWS);
    double[][] sums = new double[ROWS][COLS];
    long[][] counts = new long[ROWS][COLS];
    RowSource source = rowSource(image);
    int[] gray = new int[width];
    long[] rowSums = new long[COLS];
    long[] rowCounts = new long[COLS];
    for (int y = 0; y < height; y += step) {
      source.read(y, gray, step);
      for (int cx = 0; cx < COLS; cx++) {
        long sum = 0;
        long n = 0;
        for (int x = firstSample(xs[0][cx], step); x < xs[1][cx]; x += step, n++) {
          sum += gray[x];
        }
        rowSums[cx] = sum;
        rowCounts[cx] = n;
      }
      for (int cy = 0; cy < ROWS; cy++) {
        if (y >= ys[0][cy] && y < ys[1][cy]) {
          for (int cx = 0; cx < COLS; cx++) {
            sums[cy][cx] += rowSums[cx];
            counts[cy][cx] += rowCounts[cx];
          }
        }
      }
    }
    return bits(sums, counts);
  }

  /** The first multiple of {@code step} at or after {@code start}. */
  private static int firstSample(int start, int step) {
    return (start + step - 1) / step * step;
  }

  private static long bits(double[][] sums, long[][] counts) {
    long hash = 0;
    for (int cy = 0; cy < ROWS; cy++) {
      for (int cx = 0; cx < COLS - 1; cx++) {
        double left = sums[cy][cx] / Math.max(1, counts[cy][cx]);
        double right = sums[cy][cx + 1] / Math.max(1, counts[cy][cx + 1]);
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

  /** Fills {@code gray[x]} with the 0..255 luma of row {@code y}, at least where x % step == 0. */
  private interface RowSource {
    void read(int y, int[] gray, int step);
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
      RowSource direct = interleavedBytes(cm, raster);
      return direct != null ? direct : components(cm, raster);
    }
    // Unusual colour spaces: let Java2D convert, still a row at a time.
    int[] argb = new int[image.getWidth()];
    return (y, gray, step) -> {
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
    return (y, gray, step) -> {
      raster.getSamples(0, y, samples.length, 1, 0, samples);
      for (int x = 0; x < samples.length; x++) {
        gray[x] = samples[x] < lut.length ? lut[samples[x]] : 0;
      }
    };
  }

  /**
   * Reads 8-bit interleaved rasters (what the JPEG and PNG decoders produce) straight from their
   * byte array. Same values as {@link #components}, three times faster: through {@code
   * Raster.getPixels} hashing cost a third of the decoding time, now it is a small fraction.
   */
  private static RowSource interleavedBytes(ColorModel cm, Raster raster) {
    ComponentSampleModel model = DirectBytes.model(cm, raster);
    if (model == null) {
      return null;
    }
    DataBufferByte buffer = DirectBytes.buffer(raster);
    byte[] data = buffer.getData();
    int base = buffer.getOffset();
    int stride = model.getPixelStride();
    int scanline = model.getScanlineStride();
    int[] offsets = model.getBandOffsets();
    if (cm.getNumColorComponents() == 1) {
      return (y, gray, step) -> {
        int jump = stride * step;
        for (int x = 0, i = base + y * scanline + offsets[0];
            x < gray.length;
            x += step, i += jump) {
          gray[x] = data[i] & 0xff;
        }
      };
    }
    int r = offsets[0];
    int g = offsets[1];
    int b = offsets[2];
    return (y, gray, step) -> {
      int i = base + y * scanline;
      int jump = stride * step;
      for (int x = 0; x < gray.length; x += step, i += jump) {
        gray[x] =
            (299 * (data[i + r] & 0xff) + 587 * (data[i + g] & 0xff) + 114 * (data[i + b] & 0xff))
                / 1000;
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
    return (y, gray, step) -> {
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
