package dev.mlops.spark;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.image.ImagePreprocessor;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link FeaturesJob} materializes and where.
 *
 * @param dataDirectory the images the manifest's paths are relative to; on a cluster, a file system
 *     every executor mounts at the same path
 * @param manifest the images (a dataset version's manifest, or a scan of the data directory)
 * @param storeRoot the object store root whose feature store ({@code features/}) receives the rows;
 *     shared by the driver and the executors (they write the Parquet parts into it)
 * @param partitions partitions of the image list; 0: Spark's default parallelism
 * @param maxPixels images whose header claims more pixels are counted as failed, undecoded
 * @param load whether the driver loads the parts into the SQLite feature store at the end
 */
public record FeaturesJobConfig(
    Path dataDirectory,
    Manifest manifest,
    Path storeRoot,
    int partitions,
    long maxPixels,
    boolean load) {
  /** Checks the values. */
  public FeaturesJobConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(storeRoot, "storeRoot");
    if (partitions < 0 || maxPixels < 1) {
      throw new IllegalArgumentException(
          "partitions must be >= 0 and maxPixels >= 1, got " + partitions + ", " + maxPixels);
    }
  }

  /** The defaults: default parallelism, the core's pixel limit, loaded into the store. */
  public static FeaturesJobConfig of(Path dataDirectory, Manifest manifest, Path storeRoot) {
    return new FeaturesJobConfig(
        dataDirectory, manifest, storeRoot, 0, ImagePreprocessor.DEFAULT_MAX_PIXELS, true);
  }

  /** This config with {@code partitions} partitions. */
  public FeaturesJobConfig withPartitions(int partitions) {
    return new FeaturesJobConfig(dataDirectory, manifest, storeRoot, partitions, maxPixels, load);
  }
}
