package dev.mlops.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The single-object copies of {@link ObjectStore}: copy while hashing, synced, and cleanup. */
final class StoreCopies {
  private static final int BUFFER_SIZE = 1 << 16;

  private StoreCopies() {}

  static String copyHashing(Path source, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(source)) {
      return copyHashing(in, target);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(source.toString(), null, "file not found");
    }
  }

  static String copyHashing(InputStream in, Path target) throws IOException {
    MessageDigest digest = Hashing.newDigest();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (FileChannel channel =
            FileChannel.open(
                target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = Channels.newOutputStream(channel)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      out.flush();
      channel.force(true);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A left-over temporary file is harmless: it is never read as an object.
      }
    }
  }
}
