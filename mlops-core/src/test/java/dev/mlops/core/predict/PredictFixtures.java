package dev.mlops.core.predict;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Incoming images for batch-prediction tests here and in mlops-spark: seeded PNGs and JPEGs of
 * varied sizes and colours in two sub-directories, one file that is not an image, one truncated
 * JPEG, and a hidden file that is not listed.
 */
public final class PredictFixtures {
  /** Files that get an error row. */
  public static final int BROKEN = 2;

  private PredictFixtures() {}

  /**
   * Writes {@code images} decodable images plus the broken and hidden files under {@code dir}.
   *
   * @return {@code dir}
   */
  public static Path write(Path dir, int images, long seed) throws Exception {
    Random random = new Random(seed);
    for (int i = 0; i < images; i++) {
      int w = 8 + random.nextInt(40);
      int h = 8 + random.nextInt(40);
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillRect(0, 0, w, h);
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillOval(
          random.nextInt(w), random.nextInt(h), 1 + random.nextInt(w), 1 + random.nextInt(h));
      g.dispose();
      boolean jpeg = i % 3 == 0;
      Path sub = Files.createDirectories(dir.resolve(i % 2 == 0 ? "a" : "b"));
      ImageIO.write(
          image,
          jpeg ? "jpg" : "png",
          sub.resolve(String.format("img-%04d.%s", i, jpeg ? "jpg" : "png")).toFile());
    }
    Files.writeString(dir.resolve("a/notes.jpg"), "not an image");
    byte[] whole = Files.readAllBytes(dir.resolve("a/img-0000.jpg"));
    Files.write(dir.resolve("b/truncated.jpg"), java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.writeString(dir.resolve(".DS_Store"), "hidden");
    return dir;
  }
}
