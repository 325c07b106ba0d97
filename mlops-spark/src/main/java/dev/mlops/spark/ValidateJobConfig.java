package dev.mlops.spark;

import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.ValidationConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link ValidateJob}.
 *
 * @param dataDirectory the image data directory, as the driver and every executor see it (a local
 *     directory for {@code local[*]}, a shared file system mount on a cluster)
 * @param output where the result is written ({@code validation.json})
 * @param splitPolicy the split of a {@code <class>/<file>} layout, as the local scan uses it
 * @param hashCacheFile where the driver's scan remembers file hashes, or null for none
 * @param validation the validation settings, as {@code validate-data} takes them; {@code threads}
 *     is not used (executors' task slots inspect the images)
 * @param partitions how many partitions the images are inspected in; 0 for four per task slot
 */
public record ValidateJobConfig(
    Path dataDirectory,
    Path output,
    SplitPolicy splitPolicy,
    Path hashCacheFile,
    ValidationConfig validation,
    int partitions) {
  /** Checks the fields; the message names the field. */
  public ValidateJobConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(splitPolicy, "splitPolicy");
    Objects.requireNonNull(validation, "validation");
    if (partitions < 0) {
      throw new IllegalArgumentException(
          "partitions is " + partitions + "; must be at least 1, or 0 for the default");
    }
  }

  /** A job with the default split, no hash cache and default partitions. */
  public static ValidateJobConfig of(Path dataDirectory, Path output, ValidationConfig validation) {
    return new ValidateJobConfig(dataDirectory, output, SplitPolicy.DEFAULT, null, validation, 0);
  }
}
