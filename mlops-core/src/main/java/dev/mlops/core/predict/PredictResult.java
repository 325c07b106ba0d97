package dev.mlops.core.predict;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a batch prediction wrote.
 *
 * @param output the Parquet file
 * @param images rows written (one per image file)
 * @param failed rows with an error instead of a prediction
 * @param firstErrors the first few errors, for the log
 * @param bytes the file's size
 * @param seconds wall time, from listing the images to the renamed file
 */
public record PredictResult(
    Path output, long images, long failed, List<String> firstErrors, long bytes, double seconds) {
  /** Copies the errors. */
  public PredictResult {
    firstErrors = List.copyOf(firstErrors);
  }

  /** Images per second. */
  public double imagesPerSecond() {
    return images / Math.max(seconds, 1e-9);
  }

  /** One line: counts, time and throughput. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "predict: %d images (%d predicted, %d failed) in %.1f s, %.0f images/s -> %s",
        images,
        images - failed,
        failed,
        seconds,
        imagesPerSecond(),
        output);
  }
}
