package dev.mlops.core.eval;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to evaluate. Build it with {@link #builder()}; the canonical constructor rejects a bad value
 * with a {@link ConfigValueException} naming the field, which {@link Builder#build()} turns into an
 * {@link InvalidInputException}.
 *
 * @param modelDirectory the trained model ({@code target/mlops/model}); its training history, when
 *     present, is plotted in the report
 * @param dataDirectory the data directory the manifest's paths are relative to
 * @param manifest the dataset; its {@code test} split is evaluated ({@code val} when there is none)
 * @param gates the quality gates
 * @param baseline the model behind the gates' {@code compareTo} alias, if any
 * @param outputFile where {@code evaluation.json} goes
 * @param reportDirectory where the HTML report goes, or null for none
 * @param batchSize images per forward pass; part of what makes an earlier evaluation reusable,
 *     because batched kernels may sum in another order and change the last digits
 * @param workers image decoding threads (no effect on any number)
 */
public record EvaluationRequest(
    Path modelDirectory,
    Path dataDirectory,
    Manifest manifest,
    QualityGates gates,
    BaselineProvider baseline,
    Path outputFile,
    Path reportDirectory,
    int batchSize,
    int workers) {
  /** The default images per forward pass. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** Checks the fields; the message names the field. */
  public EvaluationRequest {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(gates, "gates");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(outputFile, "outputFile");
    require(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "must be in [1,65536]");
    require(workers >= 1 && workers <= 1024, "workers", workers, "must be in [1,1024]");
  }

  /** A builder: no gates, no baseline, no HTML report, batch {@value #DEFAULT_BATCH_SIZE}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link EvaluationRequest}: {@code set*} values are required, {@code opt*} values have
   * defaults (a {@code null} argument keeps the default).
   */
  public static final class Builder {
    private Path modelDirectory;
    private Path dataDirectory;
    private Manifest manifest;
    private QualityGates gates = QualityGates.none();
    private BaselineProvider baseline = BaselineProvider.NONE;
    private Path outputFile;
    private Path reportDirectory;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /** Sets {@link EvaluationRequest#modelDirectory()}. */
    public Builder setModelDirectory(Path value) {
      modelDirectory = value;
      return this;
    }

    /** Sets {@link EvaluationRequest#dataDirectory()} and {@link EvaluationRequest#manifest()}. */
    public Builder setData(Path directory, Manifest scanned) {
      dataDirectory = directory;
      manifest = scanned;
      return this;
    }

    /** Sets {@link EvaluationRequest#outputFile()}. */
    public Builder setOutputFile(Path value) {
      outputFile = value;
      return this;
    }

    /** Sets {@link EvaluationRequest#gates()}; default none. */
    public Builder optGates(QualityGates value) {
      gates = value == null ? gates : value;
      return this;
    }

    /** Sets {@link EvaluationRequest#baseline()}; default none. */
    public Builder optBaseline(BaselineProvider value) {
      baseline = value == null ? baseline : value;
      return this;
    }

    /** Sets {@link EvaluationRequest#reportDirectory()}; default none. */
    public Builder optReportDirectory(Path value) {
      reportDirectory = value;
      return this;
    }

    /**
     * Sets {@link EvaluationRequest#batchSize()}; default {@value
     * EvaluationRequest#DEFAULT_BATCH_SIZE}.
     */
    public Builder optBatchSize(Integer value) {
      batchSize = value == null ? batchSize : value;
      return this;
    }

    /** Sets {@link EvaluationRequest#workers()}; default: every core. */
    public Builder optWorkers(Integer value) {
      workers = value == null ? workers : value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws InvalidInputException naming the first invalid setting and its value
     * @throws NullPointerException naming a missing required value
     */
    public EvaluationRequest build() throws InvalidInputException {
      try {
        return new EvaluationRequest(
            modelDirectory,
            dataDirectory,
            manifest,
            gates,
            baseline,
            outputFile,
            reportDirectory,
            batchSize,
            workers);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid evaluation setting");
      }
    }
  }
}
