package dev.mlops.core.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to scan.
 *
 * @param dataDirectory the data directory ({@code <split>/<class>/<file>} or {@code
 *     <class>/<file>})
 * @param splitPolicy the split applied to a {@code <class>/<file>} layout
 * @param hashCacheFile where to remember file hashes between scans, or null for no cache
 * @param threads how many threads hash files (at least 1)
 */
public record ScanConfig(
    Path dataDirectory, SplitPolicy splitPolicy, Path hashCacheFile, int threads) {
  /** Checks the fields. */
  public ScanConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(splitPolicy, "splitPolicy");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }

  /** A scan with the default split, the given cache and one thread per core. */
  public ScanConfig(Path dataDirectory, SplitPolicy splitPolicy, Path hashCacheFile) {
    this(dataDirectory, splitPolicy, hashCacheFile, Runtime.getRuntime().availableProcessors());
  }
}
