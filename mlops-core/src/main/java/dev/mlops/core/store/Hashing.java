package dev.mlops.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of files and bytes. One instance per thread: it keeps its digest and read buffer, so
 * hashing many small files allocates nothing per file. The JDK's SHA-256 uses the CPU's SHA
 * instructions where present (HotSpot intrinsic), which is why we do not need a native library.
 */
public final class Hashing {
  private static final int BUFFER_SIZE = 1 << 16;

  private final MessageDigest digest = newDigest();
  private final byte[] buffer = new byte[BUFFER_SIZE];

  /** The lower-case hex SHA-256 of a file's bytes. */
  public String hash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hash(in);
    }
  }

  /** The lower-case hex SHA-256 of the bytes read from {@code in} to its end (not closed). */
  public String hash(InputStream in) throws IOException {
    digest.reset();
    int n;
    while ((n = in.read(buffer)) > 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The lower-case hex SHA-256 of a file's bytes (allocates a fresh hasher). */
  public static String sha256(Path file) throws IOException {
    return new Hashing().hash(file);
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** A new SHA-256 digest. */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether {@code text} looks like a lower-case hex SHA-256. */
  public static boolean isSha256(String text) {
    if (text == null || text.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
