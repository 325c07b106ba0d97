package dev.mlops.core.data.version;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.FileNames;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only step of a checkout that changes the data directory: renames, nothing else. Every file
 * the version needs was restored and hash-checked into {@code new/} beforehand, so no store read,
 * hash or copy can fail half way. What the swap replaces or deletes is renamed into {@code old/}
 * rather than deleted, so the swap can be undone until it is committed.
 *
 * <p>Why renames of single files and not a rename of the whole directory: the data directory keeps
 * hidden files (a {@code .git}, editor files) and folders that checkout does not own, may be a
 * mount point or a link, and tools may hold it open; building a full copy beside it and exchanging
 * the two would have to copy or link all of those, and Java cannot exchange two directories
 * atomically anyway. Per-file renames touch exactly the files the version changes.
 *
 * <p>Crashes: the journal (every move, and the folders the swap creates) is written and synced
 * before the first rename and deleted after the last one, when the swap is committed. While it
 * exists the directory may hold a mix of both versions; the scanner refuses such a directory, and
 * the next checkout undoes the swap first ({@link #rollback}). Each rename is atomic, so after a
 * crash every file is in exactly one place, and rollback decides per file from where it finds it: a
 * staged file missing from {@code new/} was moved in, a saved file still in {@code old/} was not
 * put back. Rollback can itself be interrupted and run again.
 */
final class CheckoutSwap {
  private static final String JOURNAL = DataDirectory.CHECKOUT_JOURNAL;
  private static final int STAGING_FOLDERS = 64;

  /**
   * One path of the swap: whatever is there is renamed to {@code old/<index>} (when {@code
   * hasOld}), then the staged {@code new/<index>} to the path (when {@code hasNew}).
   */
  record Move(String path, boolean hasOld, boolean hasNew) {}

  /**
   * A swap as recorded before it starts.
   *
   * @param moves every path, in order; the index of a move names its files in old/ and new/
   * @param createdDirectories folders the swap creates for new files, relative paths
   */
  record Journal(List<Move> moves, List<String> createdDirectories) {}

  /** Called before each rename of the forward swap; tests make renames fail or stop there. */
  interface Hook {
    Hook NONE = renames -> {};

    void beforeRename(int renames) throws IOException;
  }

  private final Path dir;
  private final Path staging;
  private final Hook hook;

  CheckoutSwap(Path dir, Path staging, Hook hook) {
    this.dir = dir;
    this.staging = staging;
    this.hook = hook;
  }

  /**
   * Where the file of the {@code index}-th move is staged: spread over folders, because files
   * created in parallel in one folder wait on its lock.
   */
  Path staged(int index) {
    return staging
        .resolve("new")
        .resolve(Integer.toString(index % STAGING_FOLDERS))
        .resolve(Integer.toString(index));
  }

  private Path saved(int index) {
    return staging.resolve("old").resolve(Integer.toString(index));
  }

  /**
   * The journal of a swap that writes the staged files to {@code write} (index-aligned with {@link
   * #staged}) and removes {@code delete}. Only a file or link at a path counts as old: a folder in
   * the way is not moved aside, its rename fails and the swap is undone.
   */
  Journal journal(List<String> write, List<String> delete) throws MlopsException {
    List<Move> moves = new ArrayList<>();
    Set<String> created = new LinkedHashSet<>();
    // Each folder is checked once (a checkout of 100,000 files into a new directory spent 3 s
    // checking the same ten folders for every file), and a file in a folder that does not exist
    // yet cannot exist either.
    Map<Path, Boolean> folders = new HashMap<>();
    folders.put(dir, true);
    for (String path : write) {
      Path target = dir.resolve(path);
      for (Path p = target.getParent(); !folders.containsKey(p); p = p.getParent()) {
        requireNoLink(p, path);
        boolean exists = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        folders.put(p, exists);
        if (!exists) {
          created.add(relative(p));
        }
      }
      boolean isFile =
          folders.get(target.getParent())
              && Files.exists(target, LinkOption.NOFOLLOW_LINKS)
              && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
      moves.add(new Move(path, isFile, true));
    }
    delete.forEach(path -> moves.add(new Move(path, true, false)));
    return new Journal(moves, List.copyOf(created));
  }

  /**
   * Links in the data directory are not followed by any stage, so checkout does not write through
   * one either (it could lead anywhere, and undoing would delete the link as a folder it created).
   */
  private void requireNoLink(Path folder, String path) throws MlopsException {
    if (Files.isSymbolicLink(folder)) {
      throw new MlopsException(
          "cannot restore "
              + FileNames.escape(path)
              + ": "
              + FileNames.display(folder)
              + " is a symbolic link, and checkout does not write through links; replace it with"
              + " a folder (or remove it) and check out again. The data directory was not changed");
    }
  }

  private String relative(Path p) {
    return dir.relativize(p).toString().replace(dir.getFileSystem().getSeparator(), "/");
  }

  /**
   * Records {@code journal}, then renames: every old file out, every staged file in, then removes
   * the folders that became empty. Not committed yet: the caller commits or rolls back.
   */
  void run(Journal journal) throws IOException {
    AtomicFiles.write(staging.resolve(JOURNAL), Json.pretty(journal));
    List<Move> moves = journal.moves();
    Set<Path> touched = new LinkedHashSet<>();
    int renames = 0;
    for (int i = 0; i < moves.size(); i++) {
      if (moves.get(i).hasOld()) {
        hook.beforeRename(renames++);
        Path target = dir.resolve(moves.get(i).path());
        rename(target, saved(i));
        touched.add(target.getParent());
      }
    }
    Set<Path> created = new HashSet<>();
    for (int i = 0; i < moves.size(); i++) {
      if (moves.get(i).hasNew()) {
        hook.beforeRename(renames++);
        Path target = dir.resolve(moves.get(i).path());
        if (created.add(target.getParent())) {
          Files.createDirectories(target.getParent()); // once per folder, not once per file
        }
        rename(staged(i), target);
        touched.add(target.getParent());
      }
    }
    for (Move m : moves) {
      if (!m.hasNew()) {
        DataFiles.deleteEmptyParents(dir, dir.resolve(m.path()));
      }
    }
    // The renames must be on disk before the journal's deletion says they are complete.
    touched.forEach(AtomicFiles::syncDirectory);
  }

  /** Makes the swap permanent: from here on the directory holds the new version only. */
  void commit() throws IOException {
    Files.delete(staging.resolve(JOURNAL));
    AtomicFiles.syncDirectory(staging);
  }

  /**
   * Puts every file back where {@code journal}'s swap found it, from any point of the swap or of an
   * earlier rollback: staged files that were moved in go back to new/, the folders the swap created
   * are removed, saved files return from old/. Then deletes the journal.
   */
  void rollback(Journal journal) throws IOException {
    List<Move> moves = journal.moves();
    for (int i = 0; i < moves.size(); i++) {
      Path target = dir.resolve(moves.get(i).path());
      if (moves.get(i).hasNew()
          && !Files.exists(staged(i), LinkOption.NOFOLLOW_LINKS)
          && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        rename(target, staged(i));
      }
    }
    List<String> created = new ArrayList<>(journal.createdDirectories());
    created.sort(Comparator.comparingInt(String::length).reversed()); // children first
    for (String folder : created) {
      Path path = dir.resolve(folder);
      try {
        // Still a file when the swap stopped before moving the old file at that path aside.
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(path);
        }
      } catch (DirectoryNotEmptyException e) {
        // Someone else put a file there: not ours to delete.
      }
    }
    for (int i = 0; i < moves.size(); i++) {
      if (moves.get(i).hasOld() && Files.exists(saved(i), LinkOption.NOFOLLOW_LINKS)) {
        Path target = dir.resolve(moves.get(i).path());
        Files.createDirectories(target.getParent());
        rename(saved(i), target);
      }
    }
    Files.deleteIfExists(staging.resolve(JOURNAL));
    AtomicFiles.syncDirectory(staging);
  }

  /**
   * The journal of a swap that was not committed (the process died during it), if any.
   *
   * @throws MlopsException when the journal is unreadable or names a path outside the directory
   */
  Optional<Journal> interrupted() throws MlopsException {
    Path file = staging.resolve(JOURNAL);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Journal journal;
    try {
      journal = Json.mapper().readValue(file.toFile(), new TypeReference<Journal>() {});
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the journal of an interrupted checkout, "
              + FileNames.display(file)
              + ": "
              + e
              + "; compare the data directory with the files kept in "
              + FileNames.display(staging)
              + " by hand, then delete that folder",
          e);
    }
    for (Move m : journal.moves()) {
      DataFiles.resolve(dir, m.path());
    }
    for (String folder : journal.createdDirectories()) {
      DataFiles.resolve(dir, folder);
    }
    return Optional.of(journal);
  }

  private static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }
}
