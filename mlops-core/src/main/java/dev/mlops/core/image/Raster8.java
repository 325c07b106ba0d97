package dev.mlops.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * An image as 8-bit interleaved samples: sample {@code b} of pixel (x, y) is {@code data[offset + y
 * * scanline + x * pixelStride + bands[b]]}, with one band (gray) or three (R, G, B). JPEG and PNG
 * decoders produce this layout, so their array is used as is; other images are converted once.
 * Alpha is dropped, as PIL's {@code convert("RGB")} does. Gray samples are taken as stored: going
 * through {@link BufferedImage#getRGB} would apply Java2D's linear-gray gamma and brighten them.
 *
 * @param data the samples
 * @param offset index of pixel (0, 0)
 * @param width pixels per row
 * @param height rows
 * @param pixelStride samples from one pixel to the next
 * @param scanline samples from one row to the next
 * @param bands offsets of gray, or of red, green and blue, within a pixel
 */
public record Raster8(
    byte[] data, int offset, int width, int height, int pixelStride, int scanline, int[] bands) {

  /** The samples of {@code image}, shared with it when its layout allows. */
  public static Raster8 of(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof IndexColorModel icm) {
      return indexed(icm, raster);
    }
    int colors = cm.getNumColorComponents();
    boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && colors == 1;
    boolean rgb = cm.getColorSpace().isCS_sRGB() && colors == 3;
    if (cm instanceof ComponentColorModel && (gray || rgb)) {
      Raster8 shared = shared(cm, raster);
      return shared != null ? shared : components(cm, raster);
    }
    // Packed ints (TYPE_INT_RGB) and other colour spaces: Java2D converts to sRGB exactly.
    int width = image.getWidth();
    int[] argb = new int[width];
    byte[] data = new byte[width * image.getHeight() * 3];
    for (int y = 0, o = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, argb, 0, width);
      for (int x = 0; x < width; x++, o += 3) {
        data[o] = (byte) (argb[x] >> 16);
        data[o + 1] = (byte) (argb[x] >> 8);
        data[o + 2] = (byte) argb[x];
      }
    }
    return packed(data, width, image.getHeight(), 3);
  }

  private static Raster8 packed(byte[] data, int width, int height, int bands) {
    return new Raster8(
        data, 0, width, height, bands, width * bands, bands == 1 ? new int[] {0} : RGB);
  }

  private static final int[] RGB = {0, 1, 2};

  /** The decoder's own array when it is 8-bit, interleaved and untranslated; else null. */
  private static Raster8 shared(ColorModel cm, Raster raster) {
    ComponentSampleModel model = DirectBytes.model(cm, raster);
    if (model == null) {
      return null;
    }
    DataBufferByte buffer = DirectBytes.buffer(raster);
    int[] offsets = model.getBandOffsets();
    int[] bands =
        cm.getNumColorComponents() == 1
            ? new int[] {offsets[0]}
            : new int[] {offsets[0], offsets[1], offsets[2]};
    return new Raster8(
        buffer.getData(),
        buffer.getOffset(),
        raster.getWidth(),
        raster.getHeight(),
        model.getPixelStride(),
        model.getScanlineStride(),
        bands);
  }

  private static Raster8 indexed(IndexColorModel icm, Raster raster) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    int[] samples = new int[width];
    byte[] data = new byte[width * height * 3];
    for (int y = 0, o = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, samples);
      for (int x = 0; x < width; x++, o += 3) {
        int rgb = samples[x] < icm.getMapSize() ? icm.getRGB(samples[x]) : 0;
        data[o] = (byte) (rgb >> 16);
        data[o + 1] = (byte) (rgb >> 8);
        data[o + 2] = (byte) rgb;
      }
    }
    return packed(data, width, height, 3);
  }

  /** Other component layouts (16-bit PNGs, banded rasters), scaled to 8 bits and rounded. */
  private static Raster8 components(ColorModel cm, Raster raster) {
    int colors = cm.getNumColorComponents();
    int bands = raster.getNumBands();
    int width = raster.getWidth();
    int height = raster.getHeight();
    long[] max = new long[colors];
    for (int c = 0; c < colors; c++) {
      max[c] = (1L << cm.getComponentSize(c)) - 1;
    }
    int[] pixels = new int[width * bands];
    byte[] data = new byte[width * height * colors];
    for (int y = 0, o = 0; y < height; y++) {
      raster.getPixels(0, y, width, 1, pixels);
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < colors; c++, o++) {
          data[o] = (byte) ((pixels[x * bands + c] * 255L + max[c] / 2) / max[c]);
        }
      }
    }
    return packed(data, width, height, colors);
  }
}
