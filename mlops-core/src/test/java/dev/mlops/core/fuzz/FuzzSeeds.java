package dev.mlops.core.fuzz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The real images the fuzzer mutates, written by ImageIO at run time: gray, RGB, RGBA, palette and
 * Adam7-interlaced PNGs, and baseline and progressive JPEGs (gray and colour), 8 to 64 px. Small
 * seeds keep each decode fast, so a run spends its time on mutants, not on pixels.
 */
public final class FuzzSeeds {
  /**
   * One seed.
   *
   * @param name what it is, e.g. {@code png-rgba-32}
   * @param extension the file name ending, {@code png} or {@code jpg}
   * @param bytes the encoded file
   */
  public record Seed(String name, String extension, byte[] bytes) {}

  private FuzzSeeds() {}

  /** Every seed, in a fixed order. */
  public static List<Seed> all() {
    List<Seed> seeds = new ArrayList<>();
    seeds.add(png("png-gray-16", picture(16, 16, BufferedImage.TYPE_BYTE_GRAY), false));
    seeds.add(png("png-rgb-24", picture(24, 20, BufferedImage.TYPE_INT_RGB), false));
    seeds.add(png("png-rgba-32", picture(32, 32, BufferedImage.TYPE_INT_ARGB), false));
    seeds.add(png("png-palette-20", palette(20, 12), false));
    seeds.add(png("png-gray16bit-12", picture(12, 12, BufferedImage.TYPE_USHORT_GRAY), false));
    seeds.add(png("png-interlaced-40", picture(40, 33, BufferedImage.TYPE_INT_RGB), true));
    seeds.add(jpeg("jpg-gray-16", picture(16, 16, BufferedImage.TYPE_BYTE_GRAY), false));
    seeds.add(jpeg("jpg-rgb-48", picture(48, 40, BufferedImage.TYPE_INT_RGB), false));
    seeds.add(jpeg("jpg-progressive-64", picture(64, 64, BufferedImage.TYPE_INT_RGB), true));
    seeds.add(jpeg("jpg-progressive-gray-8", picture(8, 8, BufferedImage.TYPE_BYTE_GRAY), true));
    return List.copyOf(seeds);
  }

  private static BufferedImage picture(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    try {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int alpha = 128 + (x * 127) / Math.max(1, width - 1);
          g.setColor(new Color((x * 255) / width, (y * 255) / height, (x ^ y) * 8 & 255, alpha));
          g.fillRect(x, y, 1, 1);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static BufferedImage palette(int width, int height) {
    byte[] r = {0, (byte) 255, 0, 0, (byte) 200, 90, 30, (byte) 250};
    byte[] g = {0, 0, (byte) 255, 0, (byte) 200, 90, (byte) 180, 20};
    byte[] b = {0, 0, 0, (byte) 255, (byte) 200, 90, 60, (byte) 140};
    BufferedImage image =
        new BufferedImage(
            width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(3, 8, r, g, b));
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x + 2 * y) % 8);
      }
    }
    return image;
  }

  private static Seed png(String name, BufferedImage image, boolean interlaced) {
    return new Seed(name, "png", write("png", image, interlaced, param -> {}));
  }

  private static Seed jpeg(String name, BufferedImage image, boolean progressive) {
    return new Seed(
        name,
        "jpg",
        write(
            "jpeg",
            image,
            progressive,
            param -> {
              param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
              param.setCompressionQuality(0.9f);
            }));
  }

  /** Progressive mode is Adam7 interlacing for PNG and a multi-scan file for JPEG. */
  private static byte[] write(
      String format,
      BufferedImage image,
      boolean progressive,
      java.util.function.Consumer<ImageWriteParam> tune) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(
          progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
      tune.accept(param);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
