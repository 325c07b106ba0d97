package dev.mlops.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny real images for the Spark tests. */
final class Images {
  private Images() {}

  /** Writes a 16x16 PNG (even seeds) or JPEG (odd seeds) of seeded noise to {@code file}. */
  static void write(Path file, int seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    if (!ImageIO.write(image, seed % 2 == 0 ? "png" : "jpg", file.toFile())) {
      throw new IOException("no writer for " + file);
    }
  }

  /**
   * A dataset of {@code perClass} images in each of three classes, under {@code prefix} (a split
   * folder such as {@code train/}, or empty for class folders), with the oddities a scan must treat
   * like the single-machine scanner: a non-image file, an empty image file, a nested folder,
   * duplicate contents, and hidden files.
   */
  static void dataset(Path dir, String prefix, int perClass, int seedBase) throws IOException {
    String[] classes = {"cat", "dog", "bird"};
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < perClass; i++) {
        int seed = seedBase + c * 1000 + i;
        write(
            dir.resolve(prefix + classes[c] + "/img-" + i + (seed % 2 == 0 ? ".png" : ".jpg")),
            seed);
      }
    }
    Files.writeString(dir.resolve(prefix + "cat/notes.txt"), "not an image");
    Files.write(dir.resolve(prefix + "dog/empty.png"), new byte[0]);
    write(dir.resolve(prefix + "bird/nested/deeper.png"), seedBase + 99_999);
    Files.copy(dir.resolve(prefix + "cat/img-0.png"), dir.resolve(prefix + "dog/copy-of-cat.png"));
    Files.copy(dir.resolve(prefix + "cat/img-0.png"), dir.resolve(prefix + "bird/copy-of-cat.PNG"));
    Files.writeString(dir.resolve(prefix + "cat/.DS_Store"), "hidden");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(dir.resolve("README.md"), "top-level file: not in a class folder");
  }
}
