package dev.mlops.core.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lists the files of a data directory the way every stage sees them: regular files only, hidden
 * files and folders (name starting with '.', such as {@code .git} or {@code .DS_Store}) skipped.
 * Symbolic links are not followed (a link could pull in files from anywhere, or loop), but they are
 * listed so that callers can say so.
 */
public final class DataDirectory {
  /**
   * The hidden folder in the data directory where a checkout stages the files of a version before
   * it swaps them in.
   */
  public static final String CHECKOUT_STAGING = ".mlops-checkout";

  /**
   * The file in {@link #CHECKOUT_STAGING} that exists only while a checkout swaps files in and out,
   * or after one died doing so: the data directory then holds a mix of two versions.
   */
  public static final String CHECKOUT_JOURNAL = "journal.json";

  private DataDirectory() {}

  /** Whether a checkout swapping files in {@code dir} is running or died half way. */
  public static boolean checkoutInterrupted(Path dir) {
    return Files.exists(dir.resolve(CHECKOUT_STAGING).resolve(CHECKOUT_JOURNAL));
  }

  /**
   * A file found under the data directory.
   *
   * @param path path relative to the data directory, '/'-separated
   * @param size size in bytes
   * @param mtimeNanos last modification time in nanoseconds since the epoch
   */
  public record DataFile(String path, long size, long mtimeNanos) {}

  /**
   * What a walk found.
   *
   * @param files every regular, non-hidden file, in no particular order
   * @param symbolicLinks every non-hidden symbolic link (to a file, a folder or nothing), relative
   *     path, sorted; not followed
   */
  public record Listing(List<DataFile> files, List<String> symbolicLinks) {
    /** Freezes the lists. */
    public Listing {
      files = List.copyOf(files);
      symbolicLinks = symbolicLinks.stream().sorted().toList();
    }
  }

  /** Every regular, non-hidden file under {@code dir}, in no particular order. */
  public static List<DataFile> walk(Path dir) throws IOException {
    return list(dir).files();
  }

  /** Every regular, non-hidden file and every non-hidden symbolic link under {@code dir}. */
  public static Listing list(Path dir) throws IOException {
    // The top level first, then its folders (classes or splits) on a few threads at once: listing
    // is one stat per file, and a cold listing of 100,000 files took 1 s on one thread.
    Walk top = new Walk(dir);
    List<Path> folders = new ArrayList<>();
    Files.walkFileTree(dir, Set.of(), 1, top.visitor(folders));
    List<Walk> walks = new ArrayList<>();
    for (Path folder : folders) {
      walks.add(new Walk(dir));
    }
    if (folders.size() < 2) {
      for (int i = 0; i < folders.size(); i++) {
        Files.walkFileTree(folders.get(i), walks.get(i).visitor(null));
      }
    } else {
      walkInParallel(folders, walks);
    }
    List<DataFile> found = new ArrayList<>(top.found);
    List<String> links = new ArrayList<>(top.links);
    for (Walk w : walks) {
      found.addAll(w.found);
      links.addAll(w.links);
    }
    return new Listing(found, links);
  }

  private static void walkInParallel(List<Path> folders, List<Walk> walks) throws IOException {
    int threads = Math.min(folders.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "mlops-list");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Path>> done = new ArrayList<>();
      for (int i = 0; i < folders.size(); i++) {
        Path folder = folders.get(i);
        Walk walk = walks.get(i);
        done.add(pool.submit(() -> Files.walkFileTree(folder, walk.visitor(null))));
      }
      for (Future<Path> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("listing failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while listing " + folders.get(0).getParent());
    } finally {
      pool.shutdownNow();
    }
  }

  /** What one walk found, paths relative to the data directory. */
  private static final class Walk {
    private final Path dir;
    private final List<DataFile> found = new ArrayList<>();
    private final List<String> links = new ArrayList<>();

    Walk(Path dir) {
      this.dir = dir;
    }

    /**
     * A visitor collecting files and links; with {@code folders} (a walk of depth 1), the
     * non-hidden folders met are added there instead of being entered.
     */
    FileVisitor<Path> visitor(List<Path> folders) {
      return new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return !d.equals(dir) && isHidden(d)
              ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (isHidden(file)) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.isRegularFile()) {
            found.add(
                new DataFile(
                    relative(dir, file),
                    attrs.size(),
                    attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
          } else if (attrs.isSymbolicLink()) {
            links.add(relative(dir, file));
          } else if (folders != null && attrs.isDirectory()) {
            folders.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      };
    }
  }

  /**
   * '/'-separated. Only where the separator is a backslash (Windows) does it become '/': elsewhere
   * a backslash is an ordinary character of a name and must stay one.
   */
  private static String relative(Path dir, Path file) {
    String separator = dir.getFileSystem().getSeparator();
    String path = dir.relativize(file).toString();
    return separator.equals("/") ? path : path.replace(separator, "/");
  }

  /** Whether {@code path}'s name marks it hidden. */
  public static boolean isHidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }
}
