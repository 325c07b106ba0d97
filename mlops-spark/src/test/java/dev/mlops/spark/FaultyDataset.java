package dev.mlops.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * A few hundred tiny real images in {@code <split>/<class>/<file>} folders with every fault the
 * validator looks for: undecodable, empty and truncated files, a tiny image, a pixel-bomb header, a
 * gray image among RGB, exact copies within a class, across classes and across splits, re-encoded
 * and slightly changed copies in other splits, an imbalanced class and a stray text file.
 */
final class FaultyDataset {
  private FaultyDataset() {}

  /** Writes the dataset under {@code dir}. */
  static void write(Path dir) throws IOException {
    String[] classes = {"cat", "dog", "bird"};
    long seed = 1;
    for (String split : new String[] {"train", "val", "test"}) {
      for (String label : classes) {
        int n = split.equals("train") ? (label.equals("bird") ? 25 : 45) : 14;
        for (int i = 0; i < n; i++) {
          String format = i % 3 == 0 ? "jpg" : "png";
          image(dir, split + "/" + label + "/" + label + i + "." + format, pattern(seed++, false));
        }
      }
    }
    bytes(
        dir,
        "train/cat/broken.png",
        new Random(7)
            .ints(300)
            .mapToObj(Integer::toString)
            .reduce("", String::concat)
            .getBytes(StandardCharsets.US_ASCII));
    bytes(dir, "train/dog/empty.png", new byte[0]);
    image(dir, "train/dog/truncated.jpg", pattern(1000, false));
    truncateJpegScan(dir.resolve("train/dog/truncated.jpg"));
    image(dir, "train/cat/tiny.png", new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
    bytes(dir, "val/dog/bomb.png", pngHeaderClaiming(50_000, 50_000));
    image(dir, "train/bird/gray.png", pattern(1001, true));
    copy(dir, "train/cat/cat1.png", "train/cat/cat1-copy.png");
    copy(dir, "train/dog/dog1.png", "train/bird/dog1-as-bird.png");
    copy(dir, "train/cat/cat2.png", "test/cat/cat2-leaked.png");
    copy(dir, "train/dog/dog4.png", "val/cat/dog4-leaked.png");
    // Near duplicates: a JPEG re-encoding and a slightly changed copy, in other splits.
    image(
        dir,
        "val/cat/cat4-reencoded.jpg",
        ImageIO.read(dir.resolve("train/cat/cat4.png").toFile()));
    BufferedImage changed = ImageIO.read(dir.resolve("train/dog/dog5.png").toFile());
    fill(changed, 0, 0, 4, 4, 0x000000);
    image(dir, "test/dog/dog5-changed.png", changed);
    Files.writeString(dir.resolve("train/cat/notes.txt"), "labels checked by hand\n");
  }

  /**
   * A 36x32 picture of 9x8 blocks of 4x4 pixels, one per dHash cell, neighbouring blocks at least
   * 40 levels apart, so re-encoding cannot flip a hash bit and different seeds give unrelated
   * hashes.
   */
  static BufferedImage pattern(long seed, boolean gray) {
    Random random = new Random(seed);
    BufferedImage image =
        new BufferedImage(36, 32, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    int tint = random.nextInt(16);
    for (int by = 0; by < 8; by++) {
      int previous = -100;
      for (int bx = 0; bx < 9; bx++) {
        int value;
        do {
          value = 20 + random.nextInt(6) * 40;
        } while (Math.abs(value - previous) < 40);
        previous = value;
        fill(
            image,
            bx * 4,
            by * 4,
            4,
            4,
            (value << 16) | (value << 8) | Math.min(255, value + tint));
      }
    }
    return image;
  }

  static void fill(BufferedImage image, int x0, int y0, int w, int h, int rgb) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }

  private static void image(Path dir, String rel, BufferedImage image) throws IOException {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    String format = rel.endsWith(".jpg") ? "jpg" : "png";
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
  }

  private static void bytes(Path dir, String rel, byte[] content) throws IOException {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static void copy(Path dir, String from, String to) throws IOException {
    bytes(dir, to, Files.readAllBytes(dir.resolve(from)));
  }

  /** Cuts a JPEG in the middle of its compressed scan data, keeping every header intact. */
  private static void truncateJpegScan(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    int sos = -1;
    for (int i = 0; i + 1 < content.length && sos < 0; i++) {
      if ((content[i] & 0xff) == 0xff && (content[i + 1] & 0xff) == 0xda) {
        sos = i;
      }
    }
    if (sos < 0) {
      throw new IOException("no start-of-scan marker in " + file);
    }
    Files.write(file, Arrays.copyOf(content, sos + (content.length - sos) / 2));
  }

  /** A gray PNG whose header claims {@code width} x {@code height}; its data is one row. */
  private static byte[] pngHeaderClaiming(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(ihdr);
    header.writeInt(width);
    header.writeInt(height);
    header.write(new byte[] {8, 0, 0, 0, 0}); // bit depth 8, gray, deflate, no filter, no interlace
    chunk(out, "IHDR", ihdr.toByteArray());
    Deflater deflater = new Deflater(9);
    deflater.setInput(new byte[width + 1]);
    deflater.finish();
    byte[] compressed = new byte[width + 64];
    int length = deflater.deflate(compressed);
    deflater.end();
    chunk(out, "IDAT", Arrays.copyOf(compressed, length));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    DataOutputStream chunk = new DataOutputStream(out);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    chunk.writeInt(data.length);
    chunk.write(typeBytes);
    chunk.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    chunk.writeInt((int) crc.getValue());
  }
}
