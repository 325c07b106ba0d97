package dev.mlops.core.data.version;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.FileNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The staging folder of one checkout, {@value DataDirectory#CHECKOUT_STAGING} inside the data
 * directory: hidden, so no stage lists it. Inside rather than beside the data directory because
 * only there is it sure to be on the same file system (the data directory may be a mount point), so
 * that moving a staged file into place is a rename, and writable (the parent need not be).
 *
 * <p>A lock on its {@code lock} file, held for the whole checkout, tells a live checkout from one
 * that died: a second checkout of the same directory is refused, while the folder of a dead one is
 * taken over, its swap undone if it had started. On failure before the swap, closing removes the
 * folder (and the data directory itself when this checkout created it), so the directory is as it
 * was; a swap that neither committed nor rolled back keeps it for the next checkout to undo.
 */
final class CheckoutStaging implements AutoCloseable {
  private final Path dir;
  private final Path root;
  private final FileChannel lock;
  private final Path createdTop;
  private final CheckoutSwap swap;
  private final Progress progress;
  private boolean committed;

  private CheckoutStaging(
      Path dir, Path createdTop, FileChannel lock, CheckoutSwap.Hook hook, Progress progress) {
    this.dir = dir;
    this.root = dir.resolve(DataDirectory.CHECKOUT_STAGING);
    this.createdTop = createdTop;
    this.lock = lock;
    this.swap = new CheckoutSwap(dir, root, hook);
    this.progress = progress;
  }

  /**
   * Creates the data directory if needed, takes the staging folder (undoing the swap of a checkout
   * that died during it) and leaves it empty but for the lock.
   *
   * @throws MlopsException when another checkout of {@code dir} is running, or on I/O failure
   */
  static CheckoutStaging open(Path dir, CheckoutSwap.Hook hook, Progress progress)
      throws MlopsException {
    Path createdTop = createDataDirectory(dir);
    Path root = dir.resolve(DataDirectory.CHECKOUT_STAGING);
    boolean existed;
    FileChannel lock;
    try {
      existed = !createFolder(root);
      lock = lock(dir, root);
    } catch (IOException e) {
      removeCreated(dir, createdTop);
      throw new MlopsException("cannot create " + FileNames.display(root) + ": " + e, e);
    }
    CheckoutStaging staging = new CheckoutStaging(dir, createdTop, lock, hook, progress);
    try {
      if (existed) {
        staging.recover();
      }
      staging.deleteContent();
      Files.createDirectories(root.resolve("new"));
      Files.createDirectories(root.resolve("old"));
      return staging;
    } catch (IOException e) {
      staging.close();
      throw new MlopsException("cannot prepare " + FileNames.display(root) + ": " + e, e);
    } catch (MlopsException | RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  /** Where the file of the {@code index}-th entry of the write list is staged. */
  Path staged(int index) {
    return swap.staged(index);
  }

  /**
   * Swaps the staged files in (index-aligned with {@code write}) and {@code delete} out, all or
   * nothing: on failure every file is put back.
   *
   * @param what the checkout, for messages ("check out dataset pets v1 into DIR")
   */
  void apply(List<String> write, List<String> delete, String what) throws MlopsException {
    CheckoutSwap.Journal journal = swap.journal(write, delete);
    try {
      swap.run(journal);
      swap.commit();
      committed = true;
    } catch (IOException e) {
      try {
        swap.rollback(journal);
      } catch (IOException again) {
        throw new MlopsException(
            "cannot "
                + what
                + ": "
                + FileNames.escape(e.toString())
                + "; putting the files back failed too ("
                + FileNames.escape(again.toString())
                + "), so the data directory is half restored, the files it replaced kept in "
                + FileNames.display(root.resolve("old"))
                + ". Fix the cause and check out again: that first puts every file back",
            e);
      }
      throw new MlopsException(
          "cannot "
              + what
              + ": "
              + FileNames.escape(e.toString())
              + "; every file was put back, the data directory was not changed",
          e);
    }
  }

  /** The swap of a checkout that died during it is undone, so the directory is as before it. */
  private void recover() throws MlopsException, IOException {
    var journal = swap.interrupted();
    if (journal.isEmpty()) {
      return;
    }
    try {
      swap.rollback(journal.get());
    } catch (IOException e) {
      throw new MlopsException(
          "an interrupted checkout left "
              + FileNames.display(dir)
              + " half restored, and putting its files back failed: "
              + FileNames.escape(e.toString())
              + "; fix the cause and check out again (the files it replaced are in "
              + FileNames.display(root.resolve("old"))
              + ")",
          e);
    }
    progress.warn(
        "An interrupted checkout had left "
            + FileNames.display(dir)
            + " half restored; undid its swap ("
            + journal.get().moves().size()
            + " file(s) to move): the directory is as it was before that checkout");
  }

  /**
   * Removes the staging folder, unless a swap started and neither committed nor rolled back (an
   * unexpected exception during it): then its journal and saved files stay for the next checkout.
   */
  @Override
  public void close() {
    boolean swapPending = Files.exists(root.resolve(DataDirectory.CHECKOUT_JOURNAL));
    try {
      if (!swapPending) {
        deleteContent();
        Files.deleteIfExists(root.resolve("lock"));
      }
      lock.close();
      if (!swapPending) {
        Files.deleteIfExists(root.resolve("lock")); // where a locked file cannot be deleted
        Files.deleteIfExists(root);
      }
    } catch (IOException e) {
      progress.warn(
          "could not remove the checkout's staging folder "
              + FileNames.display(root)
              + ": "
              + FileNames.escape(e.toString())
              + "; delete it");
    }
    if (!committed && !swapPending) {
      removeCreated(dir, createdTop);
    }
  }

  /** Deletes everything in the staging folder but the lock. */
  private void deleteContent() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(root) && !p.equals(root.resolve("lock"))) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * The first folder created for {@code dir} (so that a failed checkout can remove it), or null.
   */
  private static Path createDataDirectory(Path dir) throws MlopsException {
    if (Files.isDirectory(dir)) {
      return null;
    }
    if (Files.exists(dir)) {
      throw new InvalidInputException(
          FileNames.display(dir)
              + " is a file, not a data directory; point the data directory elsewhere",
          dir.toString());
    }
    Path top = dir;
    while (top.getParent() != null && !Files.exists(top.getParent())) {
      top = top.getParent();
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlopsException("cannot create the data directory " + dir + ": " + e, e);
    }
    return top;
  }

  private static boolean createFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static FileChannel lock(Path dir, Path root) throws IOException, MlopsException {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw busy(dir, root); // the other checkout just removed its folder
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null && Files.isDirectory(root)) {
        return channel;
      }
    } catch (OverlappingFileLockException e) {
      // Held by another checkout in this JVM.
    }
    channel.close();
    throw busy(dir, root);
  }

  private static MlopsException busy(Path dir, Path root) {
    return new MlopsException(
        "another checkout of "
            + FileNames.display(dir)
            + " is running (it holds "
            + FileNames.display(root.resolve("lock"))
            + "); wait for it to end, then check out again");
  }

  /** Removes the folders {@code createDataDirectory} made, from {@code dir} up to {@code top}. */
  private static void removeCreated(Path dir, Path top) {
    for (Path p = dir; top != null && p != null && p.startsWith(top); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException e) {
        return; // someone else put something there meanwhile
      } catch (IOException e) {
        return; // an empty folder left behind changes no data
      }
    }
  }
}
