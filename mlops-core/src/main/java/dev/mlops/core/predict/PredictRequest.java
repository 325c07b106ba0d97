package dev.mlops.core.predict;

import dev.mlops.core.image.ImagePreprocessor;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link BatchPrediction#run} predicts and where it writes.
 *
 * @param model an exported ONNX file, or a directory holding {@code model.onnx} (a restored
 *     registered version, or the export directory)
 * @param incoming the directory of images (searched recursively; hidden files are left out)
 * @param output the Parquet file to write
 * @param batchSize images per forward pass
 * @param threads ONNX Runtime intra-op threads; 0: one per physical core
 * @param workers decoding threads
 * @param maxPixels images whose header claims more pixels get an error row, undecoded
 */
public record PredictRequest(
    Path model,
    Path incoming,
    Path output,
    int batchSize,
    int threads,
    int workers,
    long maxPixels) {
  /** Checks the values, naming the setting of a bad one. */
  public PredictRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(output, "output");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0: automatic), got " + threads);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
  }

  /** A builder with the defaults: batch 32, automatic threads, one decoder per core. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PredictRequest}; model, incoming and output are required. */
  public static final class Builder {
    private Path model;
    private Path incoming;
    private Path output;
    private Integer batchSize;
    private Integer threads;
    private Integer workers;
    private Long maxPixels;

    private Builder() {}

    /** The ONNX file or a directory holding {@code model.onnx}. */
    public Builder setModel(Path model) {
      this.model = model;
      return this;
    }

    /** The images and the output file. */
    public Builder setFiles(Path incoming, Path output) {
      this.incoming = incoming;
      this.output = output;
      return this;
    }

    /** Images per forward pass (null: {@value BatchPredictor#DEFAULT_BATCH_SIZE}). */
    public Builder optBatchSize(Integer batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** ONNX Runtime intra-op threads (null or 0: automatic). */
    public Builder optThreads(Integer threads) {
      this.threads = threads;
      return this;
    }

    /** Decoding threads (null or 0: one per core). */
    public Builder optWorkers(Integer workers) {
      this.workers = workers;
      return this;
    }

    /** The largest image decoded (null: {@link ImagePreprocessor#DEFAULT_MAX_PIXELS}). */
    public Builder optMaxPixels(Long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /** The request. */
    public PredictRequest build() {
      int cores = Runtime.getRuntime().availableProcessors();
      return new PredictRequest(
          model,
          incoming,
          output,
          batchSize == null ? BatchPredictor.DEFAULT_BATCH_SIZE : batchSize,
          threads == null ? 0 : threads,
          workers == null || workers == 0 ? cores : workers,
          maxPixels == null ? ImagePreprocessor.DEFAULT_MAX_PIXELS : maxPixels);
    }
  }
}
