package dev.mlops.core.store;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Remedy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A content-addressed object store: each object is a file named by the SHA-256 of its bytes under
 * {@code objects/ab/cdef...}. Writes are atomic (temporary file, fsync, rename), so a killed build
 * never leaves a partial object; reads verify the hash, so a damaged object is never used. Any
 * shared directory works as a team store: two writers of one object write the same bytes. Many
 * objects at once ({@link #putAll}, {@link #restoreAll}) are written in parallel and synced in one
 * batch, with the same guarantees.
 */
public final class ObjectStore {
  private final Path root;

  /** Opens (lazily creates) the store at {@code root}. */
  public ObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The default store location, {@code ${user.home}/.mlops/store}. */
  public static Path defaultRoot() {
    return Path.of(System.getProperty("user.home"), ".mlops", "store");
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  /** Where the object {@code sha256} lives (whether or not it exists). */
  public Path objectPath(String sha256) {
    if (!Hashing.isSha256(sha256)) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return root.resolve("objects").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
  }

  /** Whether the store holds {@code sha256}. Does not verify its bytes. */
  public boolean has(String sha256) {
    return Files.isRegularFile(objectPath(sha256));
  }

  /**
   * A batch into which files are copied while they are hashed (see {@link StagedObjects}), so that
   * a first version reads each file once; close it when done.
   */
  public StagedObjects stage() throws StoreException {
    return new StagedObjects(this);
  }

  /** Stores a copy of {@code file} and returns its SHA-256; a no-op for content already stored. */
  public String put(Path file) throws StoreException {
    return putCopy(temp -> StoreCopies.copyHashing(file, temp), file.toString());
  }

  /**
   * Stores the bytes read from {@code in} (to its end; not closed) and returns their SHA-256; the
   * object appears atomically, and content already stored is left as it is. For sources that are
   * not local files, such as a distributed file system's streams.
   */
  public String put(InputStream in) throws StoreException {
    return putCopy(temp -> StoreCopies.copyHashing(in, temp), "a stream");
  }

  /** Writes one source into a temporary file, hashing it. */
  @FunctionalInterface
  private interface HashingCopy {
    String copyTo(Path temp) throws IOException;
  }

  /**
   * Copies a source into a temporary file of the store, then moves it into place under its hash
   * unless that object exists; the temporary file never outlives the call.
   */
  private String putCopy(HashingCopy copy, String source) throws StoreException {
    Path temp = null;
    try {
      Path tmpDir = Files.createDirectories(root.resolve("tmp"));
      temp = Files.createTempFile(tmpDir, "put-", ".tmp");
      AtomicFiles.makeReadable(temp);
      String sha = copy.copyTo(temp);
      Path target = objectPath(sha);
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        AtomicFiles.moveIntoPlace(temp, target);
      }
      return sha;
    } catch (IOException e) {
      throw new StoreException(
          "cannot store " + source + " in " + root + ": " + e + "; check the path and free space",
          e);
    } finally {
      StoreCopies.deleteQuietly(temp);
    }
  }

  /**
   * Stores {@code bytes} and returns their SHA-256; a no-op for content already stored. The object
   * appears atomically: a reader never sees a partial object.
   */
  public String put(byte[] bytes) throws StoreException {
    String sha = Hashing.sha256(bytes);
    Path target = objectPath(sha);
    if (Files.exists(target)) {
      return sha;
    }
    try {
      Files.createDirectories(target.getParent());
      AtomicFiles.write(target, bytes);
      return sha;
    } catch (IOException e) {
      throw new StoreException(
          "cannot store "
              + bytes.length
              + " bytes in "
              + root
              + ": "
              + e
              + "; check the path and free space",
          e);
    }
  }

  /**
   * Stores {@code file}, which must hash to {@code expectedSha256}; a no-op when that object is
   * already stored (the file is then not read at all).
   *
   * @throws StoreException when the file's bytes do not match (it changed since it was hashed)
   */
  public void put(Path file, String expectedSha256) throws StoreException {
    if (has(expectedSha256)) {
      return;
    }
    String actual = put(file);
    if (!actual.equals(expectedSha256)) {
      throw new StoreException(
          file
              + " changed while it was being stored (expected sha256 "
              + expectedSha256
              + ", found "
              + actual
              + "); do not modify the data directory during the build, then run again");
    }
  }

  /**
   * Stores many files at once and returns their SHA-256s, index-aligned: much faster than one
   * {@link #put(Path)} after another for many small files, with the same guarantee (on return every
   * object is on disk; a crash never leaves a partial object under an object's name).
   */
  public List<String> putAll(List<Path> files) throws StoreException {
    return List.of(new ObjectBatch(this).putAll(files, null).shas());
  }

  /**
   * Stores many files whose hashes are known ({@code expectedSha256}, index-aligned), as {@link
   * #put(Path, String)} does for each, but all at once: objects already stored are skipped without
   * reading their file; the rest are written in parallel and are on disk when this returns.
   *
   * @return the indexes of the files this call wrote, ascending: not those already stored, and of
   *     files with equal content only the first
   * @throws StoreException when a file's bytes do not match (it changed since it was hashed)
   */
  public List<Integer> putAll(List<Path> files, List<String> expectedSha256) throws StoreException {
    if (files.size() != expectedSha256.size()) {
      throw new IllegalArgumentException(
          files.size() + " files but " + expectedSha256.size() + " hashes");
    }
    return new ObjectBatch(this).putAll(files, expectedSha256).written();
  }

  /**
   * Writes the verified bytes of each object in {@code sha256s} to its new file in {@code targets}
   * (index-aligned; none may exist yet), in parallel; on return every file is on disk. Unlike
   * {@link #restore}, a failure may leave some targets partly written: restore into a staging
   * folder that is discarded when this fails.
   *
   * @throws MissingObjectException before writing anything, when an object is not in the store
   * @throws CorruptObjectException when an object's bytes do not hash to its name
   */
  public void restoreAll(List<String> sha256s, List<Path> targets) throws StoreException {
    if (sha256s.size() != targets.size()) {
      throw new IllegalArgumentException(
          sha256s.size() + " objects but " + targets.size() + " targets");
    }
    new ObjectBatch(this).restoreAll(sha256s, targets);
  }

  /**
   * Writes the verified bytes of object {@code sha256} to {@code target} atomically, replacing it.
   */
  public void restore(String sha256, Path target) throws StoreException {
    Path source = existing(sha256);
    Path temp = null;
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      AtomicFiles.makeReadable(temp);
      String actual = StoreCopies.copyHashing(source, temp);
      if (!actual.equals(sha256)) {
        throw corrupt(sha256, actual);
      }
      AtomicFiles.moveIntoPlace(temp, target);
    } catch (IOException e) {
      throw new StoreException("cannot restore object " + sha256 + " to " + target + ": " + e, e);
    } finally {
      StoreCopies.deleteQuietly(temp);
    }
  }

  /** The verified bytes of object {@code sha256}. */
  public byte[] read(String sha256) throws StoreException {
    Path source = existing(sha256);
    try {
      byte[] bytes = Files.readAllBytes(source);
      String actual = Hashing.sha256(bytes);
      if (!actual.equals(sha256)) {
        throw corrupt(sha256, actual);
      }
      return bytes;
    } catch (IOException e) {
      throw new StoreException("cannot read object " + sha256 + " at " + source + ": " + e, e);
    }
  }

  /** Checks that object {@code sha256} exists and its bytes hash to its name. */
  public void verify(String sha256) throws StoreException {
    Path source = existing(sha256);
    try {
      String actual = new Hashing().hash(source);
      if (!actual.equals(sha256)) {
        throw corrupt(sha256, actual);
      }
    } catch (IOException e) {
      throw new StoreException("cannot read object " + sha256 + " at " + source + ": " + e, e);
    }
  }

  /**
   * Puts back object {@code sha256} from {@code file} when the stored object is missing or corrupt
   * and the file's bytes hash to {@code sha256}; the repaired object appears atomically.
   *
   * @return whether the object was replaced (false when it was sound, or the file has other bytes)
   */
  public boolean repair(Path file, String sha256) throws StoreException {
    try {
      verify(sha256);
      return false;
    } catch (CorruptObjectException | MissingObjectException e) {
      // Damaged or gone: replaced below when the file has the right bytes.
    }
    Path temp = null;
    try {
      Path tmpDir = Files.createDirectories(root.resolve("tmp"));
      temp = Files.createTempFile(tmpDir, "repair-", ".tmp");
      AtomicFiles.makeReadable(temp);
      if (!StoreCopies.copyHashing(file, temp).equals(sha256)) {
        return false;
      }
      Path target = objectPath(sha256);
      Files.createDirectories(target.getParent());
      AtomicFiles.moveIntoPlace(temp, target);
      return true;
    } catch (IOException e) {
      throw new StoreException(
          "cannot repair object " + sha256 + " in " + root + " from " + file + ": " + e, e);
    } finally {
      StoreCopies.deleteQuietly(temp);
    }
  }

  Path existing(String sha256) throws MissingObjectException {
    Path path = objectPath(sha256);
    if (!Files.isRegularFile(path)) {
      throw new MissingObjectException(
          "object "
              + sha256
              + " is not in the store "
              + root
              + " ("
              + path
              + "); point store at the store that holds it (or copy it there)",
          sha256,
          Remedy.setting("store"));
    }
    return path;
  }

  CorruptObjectException corrupt(String sha256, String actual) {
    return new CorruptObjectException(
        "object "
            + sha256
            + " in the store is corrupt (its bytes hash to "
            + actual
            + "): "
            + objectPath(sha256)
            + "; delete that file and store the data again from a good copy",
        sha256,
        actual);
  }
}
