package dev.mlops.core.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link ModelTrainer#train} did and what the model is.
 *
 * @param status trained, resumed, restored from the run cache, or already up to date
 * @param fingerprint the SHA-256 identifying the run's inputs (see {@link Fingerprint})
 * @param bestEpoch the epoch whose weights are the model
 * @param valAccuracy the model's validation accuracy
 * @param history every epoch's statistics
 * @param parameterCount learned scalars of the model
 * @param seconds wall time of this call
 * @param outputDir the model directory
 */
public record TrainingResult(
    TrainingStatus status,
    String fingerprint,
    int bestEpoch,
    double valAccuracy,
    TrainingHistory history,
    long parameterCount,
    double seconds,
    Path outputDir) {

  /** One line for the build log, e.g. {@code trained cnn-small: best epoch 7 of 10, ...}. */
  public String summary() {
    String what =
        switch (status) {
          case TRAINED -> "trained";
          case RESUMED -> "resumed and trained";
          case UP_TO_DATE -> "up to date (same fingerprint), not trained";
          case RESTORED_FROM_CACHE -> "restored from the run cache, not trained";
        };
    return String.format(
        Locale.ROOT,
        "model %s: best epoch %d of %d, val accuracy %.4f, %,d parameters, %.1f s, fingerprint"
            + " %s, in %s",
        what,
        bestEpoch,
        history.epochs().size(),
        valAccuracy,
        parameterCount,
        seconds,
        fingerprint.substring(0, 12),
        outputDir);
  }
}
