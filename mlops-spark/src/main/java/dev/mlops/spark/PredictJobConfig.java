package dev.mlops.spark;

import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.predict.BatchPredictor;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link PredictJob} predicts and where it writes.
 *
 * @param model an exported ONNX file or a directory holding {@code model.onnx}, read by the driver
 *     and broadcast to the executors
 * @param incoming the directory of images, listed by the driver; on a cluster it must be on a file
 *     system every executor mounts at the same path
 * @param output the Parquet file, written by the driver
 * @param batchSize images per forward pass within a partition
 * @param partitions partitions of the image list; 0: Spark's default parallelism
 * @param threads ONNX Runtime intra-op threads per call; 1 lets each task compute on its own core
 * @param maxPixels images whose header claims more pixels get an error row, undecoded
 */
public record PredictJobConfig(
    Path model,
    Path incoming,
    Path output,
    int batchSize,
    int partitions,
    int threads,
    long maxPixels) {
  /** Checks the values. */
  public PredictJobConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(output, "output");
    if (batchSize < 1 || partitions < 0 || threads < 0 || maxPixels < 1) {
      throw new IllegalArgumentException(
          "batchSize, threads and maxPixels must be >= 1 and partitions >= 0, got "
              + batchSize
              + ", "
              + threads
              + ", "
              + maxPixels
              + ", "
              + partitions);
    }
  }

  /** The defaults: batches of 32, default parallelism, one intra-op thread per task. */
  public static PredictJobConfig of(Path model, Path incoming, Path output) {
    return new PredictJobConfig(
        model,
        incoming,
        output,
        BatchPredictor.DEFAULT_BATCH_SIZE,
        0,
        1,
        ImagePreprocessor.DEFAULT_MAX_PIXELS);
  }

  /** This config with other batch size and partitions. */
  public PredictJobConfig withBatching(int batchSize, int partitions) {
    return new PredictJobConfig(model, incoming, output, batchSize, partitions, threads, maxPixels);
  }
}
