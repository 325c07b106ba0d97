package dev.mlops.core.data;

import java.util.List;

/**
 * What a scan found.
 *
 * @param manifest the dataset's manifest
 * @param otherFiles files that are not part of the dataset (not an image type we read, or not in a
 *     class folder), relative to the data directory; hidden files are not listed
 * @param stats how much work the scan did
 * @param symbolicLinks symbolic links in the data directory, relative paths, sorted: not followed,
 *     so neither they nor what they point to are part of the dataset; hidden ones are not listed
 */
public record ScanResult(
    Manifest manifest, List<String> otherFiles, ScanStats stats, List<String> symbolicLinks) {
  /** Copies the lists. */
  public ScanResult {
    otherFiles = List.copyOf(otherFiles);
    symbolicLinks = List.copyOf(symbolicLinks);
  }

  /** A scan that found no symbolic link. */
  public ScanResult(Manifest manifest, List<String> otherFiles, ScanStats stats) {
    this(manifest, otherFiles, stats, List.of());
  }

  /**
   * Counters of one scan.
   *
   * @param files image files found
   * @param bytes their total size
   * @param hashedFiles files whose bytes were read and hashed
   * @param hashedBytes bytes hashed
   * @param cachedFiles files whose hash came from the cache
   * @param seconds wall-clock time of the scan
   * @param threads hashing threads used
   */
  public record ScanStats(
      int files,
      long bytes,
      int hashedFiles,
      long hashedBytes,
      int cachedFiles,
      double seconds,
      int threads) {}
}
