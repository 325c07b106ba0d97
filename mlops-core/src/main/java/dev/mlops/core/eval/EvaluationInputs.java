package dev.mlops.core.eval;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.Split;
import dev.mlops.core.train.EpochStats;
import dev.mlops.core.train.Fingerprint;
import dev.mlops.core.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an evaluation's metrics depend on, and the earlier {@code evaluation.json} they let us
 * reuse: the model's training fingerprint (weights, and the engine build that runs them), the
 * manifest id (every image, label and split), the split evaluated, the batch size (batched kernels
 * may sum in another order) and this library's version (how metrics are computed). Gates are not
 * among them: they are checked again on the reused metrics, as is the model behind {@code
 * compareTo}, which may have moved since.
 */
final class EvaluationInputs {
  private EvaluationInputs() {}

  /** The model's training fingerprint; empty for a model not written by the trainer. */
  static Optional<String> fingerprint(Path modelDirectory) throws MlopsException {
    try {
      return Fingerprint.readFrom(modelDirectory);
    } catch (IOException e) {
      throw new MlopsException("cannot read the fingerprint in " + modelDirectory + ": " + e, e);
    }
  }

  /** The report at the request's output file when its inputs equal this request's; else empty. */
  static Optional<EvaluationReport> reusable(EvaluationRequest request, Split split)
      throws MlopsException {
    Optional<String> fingerprint = fingerprint(request.modelDirectory());
    Path file = request.outputFile();
    if (fingerprint.isEmpty() || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    EvaluationReport previous;
    try {
      previous = EvaluationReport.read(file);
    } catch (MlopsException e) {
      return Optional.empty(); // unreadable or of an older format: evaluate again and overwrite
    }
    ModelInfo was = previous.model();
    boolean same =
        was != null
            && fingerprint.get().equals(was.fingerprint())
            && request.manifest().id().equals(was.manifestId())
            && split == was.split()
            && Objects.equals(request.batchSize(), was.batchSize())
            && CoreVersion.get().equals(was.coreVersion());
    return same ? Optional.of(previous) : Optional.empty();
  }

  /** The model's training history as plotted in the report; empty when it has none. */
  static List<EpochPoint> history(Path modelDirectory) throws MlopsException {
    if (!Files.isRegularFile(modelDirectory.resolve(TrainingHistory.FILE))) {
      return List.of();
    }
    try {
      return TrainingHistory.read(modelDirectory).epochs().stream()
          .map(EvaluationInputs::point)
          .toList();
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read " + modelDirectory.resolve(TrainingHistory.FILE) + ": " + e.getMessage(), e);
    }
  }

  private static EpochPoint point(EpochStats e) {
    return new EpochPoint(
        e.epoch(),
        e.trainLoss(),
        e.trainAccuracy(),
        e.valLoss(),
        e.valAccuracy(),
        e.learningRate());
  }
}
