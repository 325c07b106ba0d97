package dev.mlops.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generates tiny RGB PNGs like a CIFAR-style dataset. */
final class PngCorpus {
  private PngCorpus() {}

  /** Small PNGs like a CIFAR-style dataset: gradients plus noise. */
  static void generate(Path dir, int count, int size) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < count; i++) {
      Random random = new Random(i);
      BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int noise = random.nextInt(48);
          int r = Math.min(255, x * 6 + noise);
          int g = Math.min(255, y * 6 + noise);
          int b = Math.min(255, (i * 7 + noise) & 0xff);
          image.setRGB(x, y, (r << 16) | (g << 8) | b);
        }
      }
      ImageIO.write(image, "png", dir.resolve("img-" + i + ".png").toFile());
    }
  }
}
