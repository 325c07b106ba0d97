package dev.mlops.core.data;

import java.util.List;

/**
 * What a scan found.
 *
 * @param manifest the dataset's manifest
 * @param otherFiles files that are not part of the dataset (not an image type we read, or not in a
 *     class folder), relative to the data directory; hidden files are not listed
 * @param stats how much work the scan did
 */
public record ScanResult(Manifest manifest, List<String> otherFiles, ScanStats stats) {
  /** Copies the list. */
  public ScanResult {
    otherFiles = List.copyOf(otherFiles);
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
