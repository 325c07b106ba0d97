package dev.mlops.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small generated images and image files for the pipeline tests. */
final class Pictures {
  private Pictures() {}

  /** An RGB image of {@code type} from rows of packed 0xRRGGBB pixels. */
  static BufferedImage rgb(int type, int[][] rows) {
    BufferedImage image = new BufferedImage(rows[0].length, rows.length, type);
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length; x++) {
        image.setRGB(x, y, rows[y][x]);
      }
    }
    return image;
  }

  /** A gray image from rows of 0..255 samples, stored as is (no colour conversion). */
  static BufferedImage gray(int[][] rows) {
    BufferedImage image =
        new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < rows.length; y++) {
      image.getRaster().setPixels(0, y, rows[y].length, 1, rows[y]);
    }
    return image;
  }

  /** A noisy RGB image: every pixel differs, so order, flips and crops are visible. */
  static BufferedImage noise(long seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  /** Writes {@code image} to {@code dir/rel} in the format of the file's extension. */
  static Path write(Path dir, String rel, BufferedImage image) throws IOException {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    String format = rel.substring(rel.lastIndexOf('.') + 1);
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }

  /** {@code count} noisy PNGs of {@code size} px under {@code dir}; image i has label i. */
  static List<LabeledImage> dataset(Path dir, int count, int size) throws IOException {
    List<LabeledImage> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String rel = "train/c" + (i % 3) + "/img-" + i + ".png";
      images.add(new LabeledImage(write(dir, rel, noise(i, size, size + 4)), rel, i));
    }
    return images;
  }
}
