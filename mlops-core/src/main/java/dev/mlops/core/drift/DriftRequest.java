package dev.mlops.core.drift;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One drift check.
 *
 * @param modelDirectory a model directory with {@value Baseline#FILE}
 * @param modelLabel how to name the model in messages ("target/mlops/model", "v3 (production)")
 * @param incoming the directory of incoming images
 * @param reference the model's evaluated scores, or null to use the baseline's val-split scores
 * @param config thresholds
 * @param outputFile where {@code drift.json} goes
 * @param reportDirectory where {@code drift.html} goes, or null for none
 * @param cache stored image features and embeddings to reuse (and fill), or null for none
 */
public record DriftRequest(
    Path modelDirectory,
    String modelLabel,
    Path incoming,
    ReferenceMetrics reference,
    DriftConfig config,
    Path outputFile,
    Path reportDirectory,
    ObservationCache cache) {
  /** A request without a cache: every image is decoded. */
  public DriftRequest(
      Path modelDirectory,
      String modelLabel,
      Path incoming,
      ReferenceMetrics reference,
      DriftConfig config,
      Path outputFile,
      Path reportDirectory) {
    this(
        modelDirectory, modelLabel, incoming, reference, config, outputFile, reportDirectory, null);
  }

  /** Checks the required fields. */
  public DriftRequest {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(modelLabel, "modelLabel");
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outputFile, "outputFile");
  }
}
