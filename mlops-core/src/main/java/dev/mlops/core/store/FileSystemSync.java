package dev.mlops.core.store;

import dev.mlops.core.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Flushes whole file systems at once: {@code sync --file-system <path>...}, which is Linux's
 * syncfs(2) on the file system of each path. One syncfs writes back every dirty file and folder of
 * the file system in one pass, where an fsync per file waits for the journal once per file (10,000
 * small files on ext4: syncfs 0.1 s, 10,000 fsyncs on 32 threads 1.35 s). It is as durable: when it
 * returns without error, every file written and every rename done before the call is on disk (Linux
 * reports write-back errors to syncfs since 5.8, and {@code sync} exits non-zero on them).
 *
 * <p>Java 17 has no syncfs, and a native binding (JNA) would be a dependency and a native library
 * in every JVM the plugin runs in for one call, so this starts coreutils' {@code sync}, a few
 * milliseconds per batch. Where it is missing or fails (another OS, an old coreutils, an error),
 * {@link #sync} returns false and the caller falls back to an fsync per file and folder, which
 * reports the error itself.
 */
final class FileSystemSync {
  private static final long TIMEOUT_SECONDS = 600;

  private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

  /** An fsync mostly waits for the disk; many in flight are committed together by the journal. */
  static final int SYNCERS = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());

  private FileSystemSync() {}

  /**
   * Fewer files than this are fsynced one by one: a syncfs also writes back what other processes
   * left dirty on the file system, which on a busy disk can cost more than a few fsyncs.
   */
  static final int MIN_FILES = 256;

  /**
   * Flushes the file systems holding {@code folders} (existing folders) after {@code files} files
   * were written there, when that many are worth one whole-file-system flush.
   *
   * @return true when every file system was flushed; false when the caller must sync itself
   */
  static boolean sync(int files, Collection<Path> folders) {
    return files >= MIN_FILES && sync(folders);
  }

  /**
   * Flushes the file systems holding {@code folders} (existing folders).
   *
   * @return true when every file system was flushed; false when the caller must sync itself
   */
  static boolean sync(Collection<Path> folders) {
    if (!LINUX || folders.isEmpty()) {
      return false;
    }
    try {
      Map<FileStore, Path> stores = new LinkedHashMap<>();
      for (Path folder : folders) {
        stores.putIfAbsent(Files.getFileStore(folder), folder);
      }
      List<String> command = new ArrayList<>(List.of("sync", "--file-system"));
      stores.values().forEach(p -> command.add(p.toAbsolutePath().toString()));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Fsyncs each file, on many threads: the fallback of {@link #sync}. */
  static void eachFile(int count, IntFunction<Path> file) throws IOException {
    try {
      Parallel.forEach(
          count,
          SYNCERS,
          () -> null,
          (k, none) -> {
            try (FileChannel channel = FileChannel.open(file.apply(k), StandardOpenOption.WRITE)) {
              channel.force(true);
            }
          });
    } catch (StoreException e) {
      throw new IllegalStateException("syncs raise no store errors", e);
    }
  }

  /** Fsyncs each folder, on many threads: the fallback of {@link #sync}. */
  static void eachFolder(Set<Path> folders) throws IOException {
    List<Path> list = List.copyOf(folders);
    try {
      Parallel.forEach(
          list.size(), SYNCERS, () -> null, (k, none) -> AtomicFiles.syncDirectory(list.get(k)));
    } catch (StoreException e) {
      throw new IllegalStateException("syncs raise no store errors", e);
    }
  }
}
