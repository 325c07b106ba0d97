package dev.mlops.core.eval;

import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to evaluate.
 *
 * @param modelDirectory the trained model ({@code target/mlops/model})
 * @param dataDirectory the data directory the manifest's paths are relative to
 * @param manifest the dataset; its {@code test} split is evaluated ({@code val} when there is none)
 * @param gates the quality gates
 * @param baseline the model behind the gates' {@code compareTo} alias, if any
 * @param outputFile where {@code evaluation.json} goes
 * @param reportDirectory where the HTML report goes
 * @param history the training history to plot (may be empty)
 * @param batchSize images per forward pass
 * @param workers image decoding threads
 */
public record EvaluationRequest(
    Path modelDirectory,
    Path dataDirectory,
    Manifest manifest,
    QualityGates gates,
    BaselineProvider baseline,
    Path outputFile,
    Path reportDirectory,
    List<EpochPoint> history,
    int batchSize,
    int workers) {
  /** Checks the fields. */
  public EvaluationRequest {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(gates, "gates");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(outputFile, "outputFile");
    history = history == null ? List.of() : List.copyOf(history);
    if (batchSize < 1 || workers < 1) {
      throw new IllegalArgumentException("batchSize and workers must be at least 1");
    }
  }
}
