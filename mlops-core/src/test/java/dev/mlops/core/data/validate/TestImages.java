package dev.mlops.core.data.validate;

import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Tiny real image files and manifests for the validation tests. */
final class TestImages {
  private TestImages() {}

  /**
   * A 36x32 gray picture of 9x8 blocks of 4x4 pixels, one per dHash cell, with neighbouring blocks
   * at least 40 levels apart, so re-encoding cannot flip a hash bit and different seeds give
   * unrelated hashes.
   */
  static BufferedImage pattern(long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(36, 32, BufferedImage.TYPE_INT_RGB);
    for (int by = 0; by < 8; by++) {
      int previous = -100;
      for (int bx = 0; bx < 9; bx++) {
        int value;
        do {
          value = 20 + random.nextInt(6) * 40;
        } while (Math.abs(value - previous) < 40);
        previous = value;
        fill(image, bx * 4, by * 4, 4, 4, value << 16 | value << 8 | value);
      }
    }
    return image;
  }

  /** A {@code type} image of {@code width} x {@code height}, left half dark, right half light. */
  static BufferedImage halves(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    fill(image, 0, 0, width / 2, height, 0x203040);
    fill(image, width / 2, 0, width - width / 2, height, 0xd0c0b0);
    return image;
  }

  static void fill(BufferedImage image, int x0, int y0, int w, int h, int rgb) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        image.setRGB(x, y, 0xff000000 | rgb);
      }
    }
  }

  /** Writes {@code image} as PNG at {@code dir/rel}, creating folders. */
  static Path png(Path dir, String rel, BufferedImage image) throws IOException {
    return write(dir, rel, image, "png");
  }

  /** Writes {@code image} as JPEG (default quality) at {@code dir/rel}, creating folders. */
  static Path jpeg(Path dir, String rel, BufferedImage image) throws IOException {
    return write(dir, rel, image, "jpg");
  }

  private static Path write(Path dir, String rel, BufferedImage image, String format)
      throws IOException {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no " + format + " writer for " + image);
    }
    return file;
  }

  /** Writes raw bytes at {@code dir/rel}. */
  static Path bytes(Path dir, String rel, byte[] content) throws IOException {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /** Writes text at {@code dir/rel}. */
  static Path text(Path dir, String rel, String content) throws IOException {
    return bytes(dir, rel, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Copies {@code dir/from} to {@code dir/to}. */
  static Path copy(Path dir, String from, String to) throws IOException {
    return bytes(dir, to, Files.readAllBytes(dir.resolve(from)));
  }

  /** Keeps the first {@code fraction} of the file's bytes. */
  static void truncate(Path file, double fraction) throws IOException {
    byte[] content = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(content, (int) (content.length * fraction)));
  }

  /** Cuts a JPEG in the middle of its compressed scan data, keeping every header intact. */
  static void truncateJpegScan(Path file) throws IOException {
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
    Files.write(file, java.util.Arrays.copyOf(content, sos + (content.length - sos) / 2));
  }

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The manifest entry of {@code dir/<split>/<class>/<file>}. */
  static ManifestEntry entry(Path dir, String rel) throws IOException {
    String[] parts = rel.split("/");
    Path file = dir.resolve(rel);
    return new ManifestEntry(
        rel, Split.fromJson(parts[0]), parts[1], sha256(file), Files.size(file));
  }

  /** A split-folders manifest of every file at depth 3 under {@code dir}. */
  static Manifest manifest(Path dir) throws IOException {
    List<ManifestEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path rel = dir.relativize(file);
        if (rel.getNameCount() == 3) {
          entries.add(entry(dir, rel.toString().replace('\\', '/')));
        }
      }
    }
    return new Manifest(Layout.SPLIT_FOLDERS, null, entries);
  }

  /** The context of the dataset under {@code dir}, inspected with {@code maxPixels}. */
  static ValidationContext context(Path dir, long maxPixels) throws IOException {
    Manifest manifest = manifest(dir);
    ImageInspector inspector = new ImageInspector(maxPixels);
    List<ImageInfo> images = new ArrayList<>();
    for (ManifestEntry e : manifest.entries()) {
      images.add(inspector.inspect(dir, e));
    }
    return new ValidationContext(dir, manifest, images, List.of());
  }

  /** The context of the dataset under {@code dir} with the default maxPixels. */
  static ValidationContext context(Path dir) throws IOException {
    return context(dir, ValidationConfig.DEFAULT_MAX_PIXELS);
  }

  /**
   * A hand-made 8-bit gray PNG whose header claims {@code width} x {@code height} but whose data is
   * one compressed row: a few hundred bytes that would need width*height bytes to decode.
   */
  static byte[] pngHeaderClaiming(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(ihdr);
    header.writeInt(width);
    header.writeInt(height);
    header.write(new byte[] {8, 0, 0, 0, 0}); // bit depth 8, gray, deflate, no filter, no interlace
    chunk(out, "IHDR", ihdr.toByteArray());
    Deflater deflater = new Deflater(9);
    deflater.setInput(new byte[width + 1]); // filter byte + one black row
    deflater.finish();
    byte[] compressed = new byte[width + 64];
    int length = deflater.deflate(compressed);
    deflater.end();
    chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
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
