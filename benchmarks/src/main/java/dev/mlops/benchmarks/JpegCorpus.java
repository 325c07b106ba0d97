package dev.mlops.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Generates a corpus of photo-like JPEGs: smooth gradients plus per-pixel noise, so files have a
 * realistic size (tens of KB at 320x240) and decoding costs what it costs on real photos.
 */
final class JpegCorpus {
  private JpegCorpus() {}

  /**
   * Writes {@code count} JPEGs into {@code dir}/train/class-k/ (10 classes); returns total bytes.
   */
  static long generate(Path dir, int count, int width, int height) throws IOException {
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              Path file = dir.resolve("train/class-" + (i % 10) + "/img-" + i + ".jpg");
              try {
                Files.createDirectories(file.getParent());
                ImageIO.write(image(i, width, height), "jpg", file.toFile());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** One photo-like image; the same seed draws the same pixels. */
  static BufferedImage image(int seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int r0 = random.nextInt(256);
    int g0 = random.nextInt(256);
    int b0 = random.nextInt(256);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int noise = random.nextInt(64) - 32;
        int r = clamp(r0 + x * 128 / width + noise);
        int g = clamp(g0 + y * 128 / height + noise);
        int b = clamp(b0 + (x + y) * 64 / (width + height) + noise);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
