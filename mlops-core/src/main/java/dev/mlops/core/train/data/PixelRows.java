package dev.mlops.core.train.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads an image row by row as 8-bit samples of 1 (gray) or 3 (RGB) interleaved channels. Alpha is
 * dropped (as PIL's {@code convert("RGB")} does); RGB becomes gray by the ITU-R 601 luma with PIL's
 * rounding, gray becomes RGB by repeating the value. Gray samples are taken as stored: going
 * through {@link BufferedImage#getRGB} would apply Java2D's linear-gray gamma and brighten them.
 */
final class PixelRows {
  /** Fills {@code out} with {@code width * channels} samples in 0..255 of row {@code y}. */
  interface Reader {
    void read(int y, int[] out);
  }

  private PixelRows() {}

  /** A reader of {@code image} producing {@code channels} (1 or 3) samples per pixel. */
  static Reader of(BufferedImage image, int channels) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof IndexColorModel icm) {
      return indexed(icm, raster, channels);
    }
    int colors = cm.getNumColorComponents();
    int space = cm.getColorSpace().getType();
    boolean gray = space == ColorSpace.TYPE_GRAY && colors == 1;
    boolean rgb = cm.getColorSpace().isCS_sRGB() && colors == 3;
    if (cm instanceof ComponentColorModel && (gray || rgb)) {
      Reader direct = interleavedBytes(cm, raster, channels);
      return direct != null ? direct : components(cm, raster, channels);
    }
    // Packed ints (TYPE_INT_RGB) and unusual colour spaces: Java2D converts to sRGB exactly.
    int[] argb = new int[image.getWidth()];
    return (y, out) -> {
      image.getRGB(0, y, argb.length, 1, argb, 0, argb.length);
      for (int x = 0; x < argb.length; x++) {
        put(out, x, channels, argb[x] >> 16 & 0xff, argb[x] >> 8 & 0xff, argb[x] & 0xff);
      }
    };
  }

  /** PIL's {@code L = R * 299/1000 + G * 587/1000 + B * 114/1000}, rounded. */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }

  private static void put(int[] out, int x, int channels, int r, int g, int b) {
    if (channels == 1) {
      out[x] = luma(r, g, b);
    } else {
      out[3 * x] = r;
      out[3 * x + 1] = g;
      out[3 * x + 2] = b;
    }
  }

  private static void putGray(int[] out, int x, int channels, int v) {
    if (channels == 1) {
      out[x] = v;
    } else {
      out[3 * x] = v;
      out[3 * x + 1] = v;
      out[3 * x + 2] = v;
    }
  }

  private static Reader indexed(IndexColorModel icm, Raster raster, int channels) {
    int size = icm.getMapSize();
    int[] r = new int[size];
    int[] g = new int[size];
    int[] b = new int[size];
    for (int i = 0; i < size; i++) {
      int rgb = icm.getRGB(i);
      r[i] = rgb >> 16 & 0xff;
      g[i] = rgb >> 8 & 0xff;
      b[i] = rgb & 0xff;
    }
    int[] samples = new int[raster.getWidth()];
    return (y, out) -> {
      raster.getSamples(0, y, samples.length, 1, 0, samples);
      for (int x = 0; x < samples.length; x++) {
        int i = samples[x] < size ? samples[x] : 0;
        put(out, x, channels, r[i], g[i], b[i]);
      }
    };
  }

  /**
   * Reads 8-bit interleaved rasters (what the JPEG and PNG decoders produce) straight from their
   * byte array; {@code null} for any other layout.
   */
  private static Reader interleavedBytes(ColorModel cm, Raster raster, int channels) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || !(raster.getSampleModel() instanceof ComponentSampleModel model)
        || buffer.getNumBanks() != 1
        || raster.getSampleModelTranslateX() != 0
        || raster.getSampleModelTranslateY() != 0) {
      return null;
    }
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return null;
      }
    }
    byte[] data = buffer.getData();
    int base = buffer.getOffset();
    int stride = model.getPixelStride();
    int scanline = model.getScanlineStride();
    int[] offsets = model.getBandOffsets();
    int width = raster.getWidth();
    if (cm.getNumColorComponents() == 1) {
      int o = offsets[0];
      return (y, out) -> {
        for (int x = 0, i = base + y * scanline + o; x < width; x++, i += stride) {
          putGray(out, x, channels, data[i] & 0xff);
        }
      };
    }
    int r = offsets[0];
    int g = offsets[1];
    int b = offsets[2];
    return (y, out) -> {
      for (int x = 0, i = base + y * scanline; x < width; x++, i += stride) {
        put(out, x, channels, data[i + r] & 0xff, data[i + g] & 0xff, data[i + b] & 0xff);
      }
    };
  }

  /** Any other component layout (16-bit PNGs, banded rasters), scaled to 8 bits and rounded. */
  private static Reader components(ColorModel cm, Raster raster, int channels) {
    int bands = raster.getNumBands();
    int colors = cm.getNumColorComponents();
    long[] max = new long[colors];
    for (int c = 0; c < colors; c++) {
      max[c] = (1L << cm.getComponentSize(c)) - 1;
    }
    int width = raster.getWidth();
    int[] pixels = new int[width * bands];
    return (y, out) -> {
      raster.getPixels(0, y, width, 1, pixels);
      for (int x = 0, i = 0; x < width; x++, i += bands) {
        if (colors == 1) {
          putGray(out, x, channels, scale(pixels[i], max[0]));
        } else {
          put(
              out,
              x,
              channels,
              scale(pixels[i], max[0]),
              scale(pixels[i + 1], max[1]),
              scale(pixels[i + 2], max[2]));
        }
      }
    };
  }

  private static int scale(int sample, long max) {
    return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
  }
}
