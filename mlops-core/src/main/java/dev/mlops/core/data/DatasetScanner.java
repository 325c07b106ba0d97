package dev.mlops.core.data;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.store.StagedObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scans an ImageFolder data directory into a {@link Manifest}. Supports {@code
 * <split>/<class>/<file>} (splits {@code train}, {@code val}, {@code test}) and {@code
 * <class>/<file>} (split by a seeded, stratified {@link SplitPolicy}). Hidden files and folders are
 * ignored; other files are reported, and so are symbolic links (not followed). Hashes come from the
 * {@link HashCache} when a file's size and mtime are unchanged, else files are hashed in parallel.
 */
public final class DatasetScanner {
  /** File name endings (lower case) of the image types we read. */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /**
   * A file whose mtime is this close to the start of the scan may still be changing within the file
   * system's timestamp granularity, so its hash is not remembered (as Git does for "racily clean"
   * entries).
   */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Links named in the warning; the scan result has all of them. */
  private static final int LISTED_LINKS = 10;

  private final Progress progress;

  /** Creates a scanner reporting to {@code progress}. */
  public DatasetScanner(Progress progress) {
    this.progress = progress;
  }

  /** Scans {@code config.dataDirectory()}. */
  public ScanResult scan(ScanConfig config) throws MlopsException {
    return scan(config, null);
  }

  /**
   * Scans as {@link #scan(ScanConfig)} does, copying each file it hashes into {@code staging}
   * (null: none) on the way, for a version that stores them next: the files are read once.
   */
  public ScanResult scan(ScanConfig config, StagedObjects staging) throws MlopsException {
    long start = System.nanoTime();
    long startWall = System.currentTimeMillis() * 1_000_000L;
    Path dir = config.dataDirectory().toAbsolutePath().normalize();
    DataDirectory.Listing listing = list(dir);
    if (DataDirectory.checkoutInterrupted(dir)) {
      throw DatasetLayout.checkoutInterrupted(dir.toString());
    }
    DatasetLayout.Selection selection = DatasetLayout.select(dir.toString(), listing.files());
    List<FoundFile> images = new ArrayList<>(selection.images().size());
    for (DataDirectory.DataFile f : selection.images()) {
      images.add(new FoundFile(f.path(), f.path().split("/"), f.size(), f.mtimeNanos()));
    }
    HashCache cache = HashCache.load(config.hashCacheFile(), dir);
    ParallelHasher.Outcome hashed =
        new ParallelHasher(config.threads(), staging)
            .hashAll(dir, images, cache, startWall - RACY_NANOS);
    cache.retainOnly(pathsOf(images));
    saveCache(cache, config.hashCacheFile());
    Manifest manifest =
        StratifiedSplitter.manifest(
            selection.layout(), config.splitPolicy(), images, hashed.sha256());
    double seconds = (System.nanoTime() - start) / 1e9;
    var stats =
        new ScanResult.ScanStats(
            images.size(),
            manifest.totalBytes(),
            hashed.hashedFiles(),
            hashed.hashedBytes(),
            images.size() - hashed.hashedFiles(),
            seconds,
            config.threads());
    progress.info(
        String.format(
            Locale.ROOT,
            "Scanned %d images (%.1f MB) in %s: %d hashed, %d unchanged (cached), %.2f s",
            stats.files(),
            stats.bytes() / 1e6,
            FileNames.display(dir),
            stats.hashedFiles(),
            stats.cachedFiles(),
            seconds));
    reportLinks(dir, listing.symbolicLinks());
    return new ScanResult(manifest, selection.otherFiles(), stats, listing.symbolicLinks());
  }

  /**
   * Links are not followed (they could pull in any file, or loop), so what they point to is not in
   * the dataset; one warning says so rather than leaving the user to wonder where images went.
   */
  private void reportLinks(Path dir, List<String> links) {
    if (links.isEmpty()) {
      return;
    }
    List<String> shown = links.subList(0, Math.min(LISTED_LINKS, links.size()));
    progress.warn(
        "Skipped "
            + links.size()
            + (links.size() == 1 ? " symbolic link" : " symbolic links")
            + " in "
            + FileNames.display(dir)
            + " (not followed, not part of the dataset): "
            + String.join(", ", shown.stream().map(FileNames::escape).toList())
            + (links.size() > shown.size() ? " and " + (links.size() - shown.size()) + " more" : "")
            + "; put the files themselves in the data directory to include them");
  }

  private static void saveCache(HashCache cache, Path file) {
    try {
      cache.saveIfChanged(file);
    } catch (IOException e) {
      // The cache only saves time; a build must not fail because it could not be written.
    }
  }

  private static Set<String> pathsOf(List<FoundFile> files) {
    Set<String> paths = new HashSet<>();
    files.forEach(f -> paths.add(f.path()));
    return paths;
  }

  /** A file found on disk, with its path relative to the data directory split into parts. */
  record FoundFile(String path, String[] parts, long size, long mtimeNanos) {
    String extension() {
      String name = parts[parts.length - 1];
      int dot = name.lastIndexOf('.');
      return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
  }

  private static DataDirectory.Listing list(Path dir) throws InvalidInputException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "data directory "
              + FileNames.display(dir)
              + " does not exist or is not a directory; create it or set dataDirectory",
          dir.toString(),
          Remedy.setting("dataDirectory"));
    }
    try {
      return DataDirectory.list(dir);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read data directory "
              + FileNames.display(dir)
              + ": "
              + FileNames.escape(e.toString())
              + "; check its permissions",
          dir.toString(),
          e);
    }
  }
}
