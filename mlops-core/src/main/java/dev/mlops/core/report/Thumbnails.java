package dev.mlops.core.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small PNG previews of images for the report. */
public final class Thumbnails {
  private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);

  private Thumbnails() {}

  /**
   * A PNG of {@code dir/file} scaled to fit {@code size} x {@code size} (never enlarged), or empty
   * when the file is missing or not a readable image: a report with a placeholder beats no report.
   */
  public static Optional<byte[]> png(Path dir, String relativePath, int size) {
    Path file = null;
    try {
      file = dir.resolve(relativePath);
      if (!Files.isRegularFile(file)) {
        LOG.debug("no thumbnail for {}: not a file", file);
        return Optional.empty();
      }
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        LOG.debug("no thumbnail for {}: no decoder", file);
        return Optional.empty();
      }
      return Optional.of(encode(scale(image, size)));
    } catch (IOException | RuntimeException e) {
      // Corrupt images make ImageIO throw unchecked exceptions, odd names InvalidPathException.
      LOG.debug("no thumbnail for {}: {}", file == null ? relativePath : file, e.toString());
      return Optional.empty();
    }
  }

  private static BufferedImage scale(BufferedImage image, int size) {
    double factor = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
