package dev.mlops.core.registry;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.eval.EvaluationRequest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The project's current data, on which the champion gate measures versions evaluated on other data
 * (see {@link ModelRegistry#currentDataMetrics}). Build it with {@link #builder()}.
 *
 * @param dataDirectory the data directory the manifest's paths are relative to
 * @param manifest the project's dataset as it is now; its test split is evaluated
 * @param cacheDirectory where versions are restored and their evaluations kept ({@code
 *     <name>/v<N>/} and {@code <name>/v<N>-evaluation.json}, reused while the data is unchanged)
 * @param batchSize images per forward pass
 * @param workers image decoding threads
 */
public record Reevaluation(
    Path dataDirectory, Manifest manifest, Path cacheDirectory, int batchSize, int workers) {
  /** Checks the fields; the message names the field. */
  public Reevaluation {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    require(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "must be in [1,65536]");
    require(workers >= 1 && workers <= 1024, "workers", workers, "must be in [1,1024]");
  }

  /** A builder with the evaluation defaults (batch 64, every core). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Reevaluation}: {@code set*} values are required, {@code opt*} values have
   * defaults (a {@code null} argument keeps the default).
   */
  public static final class Builder {
    private Path dataDirectory;
    private Manifest manifest;
    private Path cacheDirectory;
    private int batchSize = EvaluationRequest.DEFAULT_BATCH_SIZE;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /** Sets {@link Reevaluation#dataDirectory()} and {@link Reevaluation#manifest()}. */
    public Builder setData(Path directory, Manifest current) {
      dataDirectory = directory;
      manifest = current;
      return this;
    }

    /** Sets {@link Reevaluation#cacheDirectory()}. */
    public Builder setCacheDirectory(Path value) {
      cacheDirectory = value;
      return this;
    }

    /** Sets {@link Reevaluation#batchSize()}; default 64. */
    public Builder optBatchSize(Integer value) {
      batchSize = value == null ? batchSize : value;
      return this;
    }

    /** Sets {@link Reevaluation#workers()}; default every core. */
    public Builder optWorkers(Integer value) {
      workers = value == null ? workers : value;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws InvalidInputException naming the first invalid setting and its value
     */
    public Reevaluation build() throws InvalidInputException {
      try {
        return new Reevaluation(dataDirectory, manifest, cacheDirectory, batchSize, workers);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid re-evaluation setting");
      }
    }
  }
}
