package dev.mlops.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that readers see the old content or the new content, never a half-written file,
 * even when the process is killed: write a temporary file in the same directory, fsync it, rename
 * it over the target, fsync the directory.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target} with {@code bytes} atomically, creating parent directories. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      makeReadable(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(bytes);
        out.flush();
        channel.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Temporary files are created owner-only (0600); the files we publish (reports, registry files,
   * objects) are meant to be read by others, like any file a build writes.
   */
  public static void makeReadable(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /**
   * Renames a fully written and synced temporary file over {@code target} and syncs the directory
   * so that the rename survives a crash.
   */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    rename(temp, target);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * Renames {@code temp} over {@code target} atomically, without syncing the directory: for batch
   * writers that rename many files, then sync each directory once.
   */
  public static void rename(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename "
              + temp
              + " to "
              + target
              + " atomically; keep the temporary file on the same file system",
          e);
    }
  }

  /** Flushes a directory's entries to disk (best effort where the platform cannot). */
  public static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename itself is still atomic.
    }
  }
}
