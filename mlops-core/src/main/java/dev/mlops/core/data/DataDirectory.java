package dev.mlops.core.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lists the files of a data directory the way every stage sees them: regular files only, hidden
 * files and folders (name starting with '.', such as {@code .git} or {@code .DS_Store}) skipped.
 */
public final class DataDirectory {
  private DataDirectory() {}

  /**
   * A file found under the data directory.
   *
   * @param path path relative to the data directory, '/'-separated
   * @param size size in bytes
   * @param mtimeNanos last modification time in nanoseconds since the epoch
   */
  public record DataFile(String path, long size, long mtimeNanos) {}

  /** Every regular, non-hidden file under {@code dir}, in no particular order. */
  public static List<DataFile> walk(Path dir) throws IOException {
    List<DataFile> found = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return !d.equals(dir) && isHidden(d)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !isHidden(file)) {
              found.add(
                  new DataFile(
                      dir.relativize(file).toString().replace('\\', '/'),
                      attrs.size(),
                      attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return found;
  }

  /** Whether {@code path}'s name marks it hidden. */
  public static boolean isHidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }
}
