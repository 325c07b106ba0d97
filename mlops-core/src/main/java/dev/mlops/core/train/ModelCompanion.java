package dev.mlops.core.train;

import dev.mlops.core.MlopsException;

/**
 * A file that another stage derives from a freshly trained model and keeps with it, such as the
 * drift baseline. Training knows companions only through this interface, so the stages that define
 * them (drift today, features later) depend on training and not the other way round.
 *
 * <p>A companion is written after every training run and added to a model that lacks it (trained
 * before the companion existed, or restored from an older run-cache entry) without retraining; the
 * run cache keeps it with the model's other files. It is not part of the fingerprint.
 */
public interface ModelCompanion {
  /** The file name inside the model directory. */
  String file();

  /**
   * Computes and writes {@code model.modelDir()/}{@link #file()}. Called with the engine lock held
   * and the engine's thread count set, so the companion may run the model.
   */
  void write(TrainedModel model) throws MlopsException;
}
