package dev.mlops.core.feedback;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file changes of one ingestion, applied to the data directory as a unit: every change is
 * planned before the first is made, and {@link #undo()} reverts the ones made, newest first, so a
 * failure before the version is committed leaves the data directory as it was.
 */
final class FileChanges {
  /** A new file with {@code bytes}, or a move of {@code source} (bytes null). */
  private record Change(Path target, byte[] bytes, Path source) {}

  private final Path dataDirectory;
  private final List<Change> planned = new ArrayList<>();
  private final List<Change> done = new ArrayList<>();

  FileChanges(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  void write(Path target, byte[] bytes) {
    planned.add(new Change(target, bytes, null));
  }

  void move(Path source, Path target) {
    planned.add(new Change(target, null, source));
  }

  boolean isEmpty() {
    return planned.isEmpty();
  }

  /** Whether a planned change already claims {@code target}. */
  boolean claims(Path target) {
    return planned.stream().anyMatch(c -> c.target().equals(target));
  }

  /** Makes the planned changes; on a failure, undoes the ones made and says so. */
  void apply() throws MlopsException {
    for (Change c : planned) {
      try {
        if (Files.exists(c.target())) {
          throw new IOException(c.target() + " exists already");
        }
        Files.createDirectories(c.target().getParent());
        if (c.bytes() != null) {
          AtomicFiles.write(c.target(), c.bytes());
        } else {
          Files.move(c.source(), c.target(), StandardCopyOption.ATOMIC_MOVE);
        }
        done.add(c);
      } catch (IOException e) {
        throw new MlopsException(
            "cannot write "
                + c.target()
                + " while ingesting feedback ("
                + e.getMessage()
                + "); "
                + undoAndSay()
                + "; fix the data directory's permissions or free space and run again",
            e);
      }
    }
  }

  /** Undoes the changes made and says what the data directory holds now, for a failure message. */
  String undoAndSay() {
    List<String> left = undo();
    int made = done.size();
    return left.isEmpty()
        ? "the data directory was restored (" + made + " changes made and undone)"
        : "these changes could not be undone, restore them by hand: " + String.join(", ", left);
  }

  /** Reverts the changes made, newest first; returns those that could not be reverted. */
  private List<String> undo() {
    List<String> left = new ArrayList<>();
    for (int i = done.size() - 1; i >= 0; i--) {
      Change c = done.get(i);
      try {
        if (c.bytes() != null) {
          Files.deleteIfExists(c.target());
        } else {
          Files.move(c.target(), c.source(), StandardCopyOption.ATOMIC_MOVE);
        }
        deleteEmptyParents(c.target());
      } catch (IOException e) {
        left.add(
            c.bytes() != null
                ? "new file " + c.target()
                : "moved " + c.source() + " -> " + c.target());
      }
    }
    return left;
  }

  private void deleteEmptyParents(Path file) throws IOException {
    Path parent = file.getParent();
    while (parent != null && parent.startsWith(dataDirectory) && !parent.equals(dataDirectory)) {
      try (var children = Files.list(parent)) {
        if (children.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(parent);
      parent = parent.getParent();
    }
  }
}
