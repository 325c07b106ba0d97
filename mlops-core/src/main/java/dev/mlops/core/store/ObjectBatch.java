package dev.mlops.core.store;

import dev.mlops.core.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes many objects (or restores many files) at the speed of the file system rather than of one
 * fsync after another: copy everything on a few threads without syncing, then flush the store's
 * file system once ({@link FileSystemSync}; where that is not available, fsync every file on many
 * threads, as concurrent fsyncs share the file system's journal commits), then rename each object
 * into place, then flush again (or fsync each directory that changed once). Only then does the call
 * return.
 *
 * <p>Crash safety is that of a single {@link ObjectStore#put}: an object's name appears only by a
 * rename of a file whose bytes were synced before, so a crash at any point leaves complete objects
 * and temporary files in {@code tmp/batch-*}, which no reader ever takes for objects (batches left
 * by a dead writer are removed by a later batch once they are a day old).
 */
final class ObjectBatch {
  private static final int BUFFER_SIZE = 1 << 16;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /**
   * Copying is CPU and page-cache work with much waiting on file-system metadata: a few threads per
   * core (8 beat 4 and 2 on 2 cores, measured on ext4).
   */
  static final int WRITERS = Math.max(4, 4 * CORES);

  /**
   * Temporary files are spread over this many folders: files created in parallel in one folder wait
   * on that folder's lock (measured on ext4: 10,000 files in one folder took 2-4x as long).
   */
  static final int FOLDERS = 64;

  private static final Duration STALE = Duration.ofDays(1);
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final ObjectStore store;

  ObjectBatch(ObjectStore store) {
    this.store = store;
  }

  /**
   * What one batch stored: every file's hash (index-aligned with the files) and the indexes of the
   * files this batch wrote, ascending (objects already stored, and repeats, are not written).
   */
  record Stored(String[] shas, List<Integer> written) {}

  /**
   * Stores {@code files}. With {@code expected} (hashes, index-aligned), objects already stored are
   * skipped without reading their file, and each file read must hash to its expected value.
   */
  Stored putAll(List<Path> files, List<String> expected) throws StoreException {
    String[] shas = new String[files.size()];
    List<Integer> todo = new ArrayList<>();
    if (expected == null) {
      for (int i = 0; i < files.size(); i++) {
        todo.add(i);
      }
    } else {
      for (int i = 0; i < files.size(); i++) {
        shas[i] = expected.get(i);
      }
      todo.addAll(absent(Arrays.asList(shas)));
    }
    if (todo.isEmpty()) {
      return new Stored(shas, List.of());
    }
    Path batch = null;
    try {
      batch = newBatch(todo.size());
      Path dir = batch;
      boolean chmod = needsChmod(dir);
      Parallel.forEach(
          todo.size(),
          WRITERS,
          Copier::new,
          (k, copier) -> {
            int i = todo.get(k);
            String sha = copier.copy(files.get(i), temp(dir, k), chmod);
            if (expected != null && !sha.equals(expected.get(i))) {
              throw changed(files.get(i), expected.get(i), sha);
            }
            shas[i] = sha;
          });
      int[] temps = new int[todo.size()];
      String[] targets = new String[todo.size()];
      for (int k = 0; k < temps.length; k++) {
        temps[k] = k;
        targets[k] = shas[todo.get(k)];
      }
      syncTemps(dir, temps);
      publish(dir, temps, targets);
      return new Stored(shas, List.copyOf(todo));
    } catch (IOException e) {
      throw new StoreException(
          "cannot store "
              + todo.size()
              + " files in "
              + store.root()
              + ": "
              + e
              + "; check the path and free space",
          e);
    } finally {
      deleteBatch(batch);
    }
  }

  /**
   * The indexes of the hashes the store does not hold, ascending, each hash's first index only. A
   * fan-out folder that does not exist holds no object: one stat per folder instead of one per
   * object when the store is new or small (a first version of 10,000 files: 256 stats).
   */
  List<Integer> absent(List<String> shas) {
    List<Integer> absent = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, Boolean> folders = new HashMap<>();
    Path objects = store.root().resolve("objects");
    for (int i = 0; i < shas.size(); i++) {
      String sha = shas.get(i);
      if (seen.add(sha)
          && !(folders.computeIfAbsent(
                  sha.substring(0, 2), f -> Files.isDirectory(objects.resolve(f)))
              && store.has(sha))) {
        absent.add(i);
      }
    }
    return absent;
  }

  /** Makes the temporary files {@code temps} of {@code batch} durable. */
  static void syncTemps(Path batch, int[] temps) throws IOException {
    if (!FileSystemSync.sync(temps.length, List.of(batch))) {
      FileSystemSync.eachFile(temps.length, j -> temp(batch, temps[j]));
    }
  }

  /**
   * Renames each synced temporary file {@code temps[j]} of {@code batch} to the object {@code
   * shas[j]}, then syncs each changed folder.
   */
  void publish(Path batch, int[] temps, String[] shas) throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    for (String sha : shas) {
      folders.add(store.objectPath(sha).getParent());
    }
    boolean created = false;
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder);
        created = true;
      }
    }
    try {
      Parallel.forEach(
          temps.length,
          WRITERS,
          () -> null,
          // Another writer may have stored an object meanwhile: renaming over it replaces equal
          // bytes with equal bytes, atomically, so no check (a stat per object) comes first.
          (j, none) -> AtomicFiles.rename(temp(batch, temps[j]), store.objectPath(shas[j])));
    } catch (StoreException e) {
      throw new IllegalStateException("renames raise no store errors", e);
    }
    if (FileSystemSync.sync(temps.length, List.of(store.root()))) {
      return; // the renames and every created folder are on disk
    }
    FileSystemSync.eachFolder(folders);
    if (created) {
      AtomicFiles.syncDirectory(store.root().resolve("objects"));
      AtomicFiles.syncDirectory(store.root());
    }
  }

  /**
   * Writes the verified bytes of each object to its target, index-aligned; the targets must not
   * exist. On return every file and folder is on disk. On failure some targets may be partly
   * written, so restore only into a folder that is thrown away when this fails.
   */
  void restoreAll(List<String> shas, List<Path> targets) throws StoreException {
    List<Path> sources = new ArrayList<>(shas.size());
    for (String sha : shas) {
      sources.add(store.existing(sha));
    }
    Set<Path> folders = new LinkedHashSet<>();
    targets.forEach(t -> folders.add(t.toAbsolutePath().getParent()));
    try {
      for (Path folder : folders) {
        Files.createDirectories(folder);
      }
      boolean chmod = !folders.isEmpty() && needsChmod(folders.iterator().next());
      Parallel.forEach(
          shas.size(),
          WRITERS,
          Copier::new,
          (i, copier) -> {
            String actual = copier.copy(sources.get(i), targets.get(i), chmod);
            if (!actual.equals(shas.get(i))) {
              throw store.corrupt(shas.get(i), actual);
            }
          });
      if (!FileSystemSync.sync(shas.size(), folders)) {
        FileSystemSync.eachFile(targets.size(), targets::get);
        FileSystemSync.eachFolder(folders);
      }
    } catch (IOException e) {
      throw new StoreException(
          "cannot restore " + shas.size() + " objects from " + store.root() + ": " + e, e);
    }
  }

  private StoreException changed(Path file, String expected, String actual) {
    return new StoreException(
        file
            + " changed while it was being stored (expected sha256 "
            + expected
            + ", found "
            + actual
            + "); do not modify the data directory during the build, then run again");
  }

  /** A fresh folder for this batch's temporary files, after removing batches a day old. */
  Path newBatch(int files) throws IOException {
    Path tmp = Files.createDirectories(store.root().resolve("tmp"));
    Instant stale = Instant.now().minus(STALE);
    try (DirectoryStream<Path> old = Files.newDirectoryStream(tmp, "batch-*")) {
      for (Path p : old) {
        if (Files.getLastModifiedTime(p).compareTo(FileTime.from(stale)) < 0) {
          deleteBatch(p);
        }
      }
    }
    Path batch = Files.createTempDirectory(tmp, "batch-");
    for (int f = 0; f < Math.min(files, FOLDERS); f++) {
      Files.createDirectory(batch.resolve(Integer.toString(f)));
    }
    return batch;
  }

  /** Where the {@code k}-th temporary file of a batch is written. */
  static Path temp(Path batch, int k) {
    return batch.resolve(Integer.toString(k % FOLDERS)).resolve(Integer.toString(k));
  }

  static void deleteBatch(Path batch) {
    if (batch == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(batch)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // Left-over temporary files are harmless: they are never read as objects.
    }
  }

  /**
   * Whether new files must be made readable by others (as every object and restored file is): only
   * when the umask takes it away, which one probe file in {@code dir} tells, saving a chmod per
   * file.
   */
  static boolean needsChmod(Path dir) throws IOException {
    if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      return false;
    }
    Path probe = dir.resolve(".probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    try {
      return !Files.getPosixFilePermissions(probe).containsAll(READABLE);
    } finally {
      Files.delete(probe);
    }
  }

  /** One thread's buffer and digest, reused for every file it copies. */
  static final class Copier {
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final MessageDigest digest = Hashing.newDigest();

    /** Copies {@code source} to the new file {@code target}, returning the bytes' SHA-256. */
    String copy(Path source, Path target, boolean chmod) throws IOException {
      digest.reset();
      try (InputStream in = Files.newInputStream(source);
          FileChannel out =
              FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        if (chmod) {
          Files.setPosixFilePermissions(target, READABLE);
        }
        int n;
        while ((n = in.read(buffer)) > 0) {
          digest.update(buffer, 0, n);
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
          while (bytes.hasRemaining()) {
            out.write(bytes);
          }
        }
      } catch (NoSuchFileException e) {
        if (!Files.exists(source)) {
          throw new NoSuchFileException(source.toString(), null, "file not found");
        }
        throw e;
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
