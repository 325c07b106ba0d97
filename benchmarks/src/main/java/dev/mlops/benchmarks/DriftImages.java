package dev.mlops.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The incoming sets of the detection benchmark: transformed copies of held-back images (the
 * transforms of the detection table, and brightness and blur at several strengths for the power
 * curves), and letters as another dataset.
 */
final class DriftImages {
  /** Brightness factors of the power curve: every pixel times the factor. */
  static final double[] BRIGHTNESS = {0.99, 0.98, 0.97, 0.96, 0.95, 0.93, 0.9, 0.85, 0.8, 0.7, 0.5};

  /** Gaussian blur sigmas of the power curve, in pixels of the image. */
  static final double[] BLUR = {0.3, 0.4, 0.45, 0.5, 0.6, 0.8, 1.0, 1.5};

  private DriftImages() {}

  /**
   * A change applied to every incoming image.
   *
   * @param name the folder and table name
   * @param description what it does
   * @param op the change, on 8-bit grayscale images
   */
  record Transform(String name, String description, UnaryOperator<BufferedImage> op) {}

  /** The transforms of the detection table; each should be detected. */
  static List<Transform> detection() {
    return List.of(
        new Transform("darkened", "pixel * 0.5", image -> map(image, p -> (int) (p * 0.5 + 0.5))),
        new Transform("blurred", "3x3 box blur, twice", image -> box(box(image))),
        new Transform("rotated-90", "rotated 90 degrees clockwise", DriftImages::rotate90),
        new Transform(
            "rotated-20", "rotated 20 degrees, black corners", image -> rotate(image, 20)),
        new Transform("inverted", "255 - pixel", image -> map(image, p -> 255 - p)));
  }

  /** Every pixel times {@code factor}, rounded. */
  static Transform brightness(double factor) {
    return new Transform(
        String.format(Locale.ROOT, "brightness-%.2f", factor),
        String.format(Locale.ROOT, "pixel * %.2f", factor),
        image -> map(image, p -> (int) Math.min(255, Math.round(p * factor))));
  }

  /** A Gaussian blur of standard deviation {@code sigma} pixels. */
  static Transform blur(double sigma) {
    return new Transform(
        String.format(Locale.ROOT, "blur-%.2f", sigma),
        String.format(Locale.ROOT, "Gaussian blur, sigma %.2f px", sigma),
        image -> gaussian(image, sigma));
  }

  /** The PNG files in {@code dir}, sorted by name. */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".png") || n.endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  /**
   * Writes {@code t} of every file (relative to {@code root}) to the same path under {@code out}.
   */
  static void writeTransformed(Path root, List<String> files, Path out, Transform t)
      throws IOException {
    for (String file : files) {
      BufferedImage image = gray(ImageIO.read(root.resolve(file).toFile()));
      Path target = out.resolve(file);
      Files.createDirectories(target.getParent());
      ImageIO.write(t.op().apply(image), "png", target.toFile());
    }
  }

  /**
   * Renders {@code count} letters A-J at 48x48 RGB, dark or light on a random coloured background,
   * into {@code out/<letter>/}; returns the files relative to {@code out}.
   */
  static List<String> writeLetters(Path out, int count, long seed) throws IOException {
    Random random = new Random(seed);
    String[] fonts = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};
    List<String> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String letter = String.valueOf((char) ('A' + i % 10));
      BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      try {
        float brightness = 0.4f + 0.6f * random.nextFloat();
        g.setColor(
            Color.getHSBColor(random.nextFloat(), 0.5f + 0.5f * random.nextFloat(), brightness));
        g.fillRect(0, 0, 48, 48);
        g.setRenderingHint(
            RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(brightness > 0.7f ? Color.BLACK : Color.WHITE);
        g.setFont(
            new Font(fonts[random.nextInt(fonts.length)], Font.BOLD, 30 + random.nextInt(10)));
        int width = g.getFontMetrics().stringWidth(letter);
        g.drawString(letter, (48 - width) / 2 + random.nextInt(7) - 3, 38 + random.nextInt(5) - 2);
      } finally {
        g.dispose();
      }
      String file = letter + "/letter-" + i + ".png";
      Files.createDirectories(out.resolve(letter));
      ImageIO.write(image, "png", out.resolve(file).toFile());
      files.add(file);
    }
    return files;
  }

  /** The image as 8-bit grayscale (the example's PNGs already are). */
  private static BufferedImage gray(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  private static BufferedImage map(BufferedImage image, java.util.function.IntUnaryOperator f) {
    BufferedImage out = blank(image.getWidth(), image.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        out.getRaster().setSample(x, y, 0, f.applyAsInt(image.getRaster().getSample(x, y, 0)));
      }
    }
    return out;
  }

  /** 3x3 mean, borders clamped to the nearest pixel. */
  private static BufferedImage box(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = blank(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sum = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int sx = Math.max(0, Math.min(w - 1, x + dx));
            int sy = Math.max(0, Math.min(h - 1, y + dy));
            sum += image.getRaster().getSample(sx, sy, 0);
          }
        }
        out.getRaster().setSample(x, y, 0, (sum + 4) / 9);
      }
    }
    return out;
  }

  /** Separable Gaussian blur, kernel radius ceil(3 sigma), borders clamped. */
  private static BufferedImage gaussian(BufferedImage image, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    double[][] rows = new double[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 0;
        for (int k = -radius; k <= radius; k++) {
          int sx = Math.max(0, Math.min(w - 1, x + k));
          v += kernel[k + radius] * image.getRaster().getSample(sx, y, 0);
        }
        rows[y][x] = v;
      }
    }
    BufferedImage out = blank(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 0;
        for (int k = -radius; k <= radius; k++) {
          v += kernel[k + radius] * rows[Math.max(0, Math.min(h - 1, y + k))][x];
        }
        out.getRaster().setSample(x, y, 0, (int) Math.min(255, Math.round(v)));
      }
    }
    return out;
  }

  private static BufferedImage rotate90(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = blank(h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.getRaster().setSample(h - 1 - y, x, 0, image.getRaster().getSample(x, y, 0));
      }
    }
    return out;
  }

  /** Rotation about the centre, bilinear; what falls outside the source stays black. */
  private static BufferedImage rotate(BufferedImage image, double degrees) {
    BufferedImage out = blank(image.getWidth(), image.getHeight());
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.rotate(Math.toRadians(degrees), image.getWidth() / 2.0, image.getHeight() / 2.0);
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage blank(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
  }
}
