package dev.mlops.core.train;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@link ModelTrainer#train} call needs.
 *
 * @param dataDirectory the directory the manifest's relative paths point into
 * @param manifest the dataset (its id is part of the fingerprint)
 * @param config hyperparameters and resources
 * @param outputDir the model directory written on success, e.g. {@code target/mlops/model}
 * @param workDir where checkpoints live while training, e.g. {@code target/mlops/train}
 * @param runCache the object store holding finished runs by fingerprint; {@code null} = no cache
 * @param coreVersion the version of this library (part of the fingerprint)
 */
public record TrainingRequest(
    Path dataDirectory,
    Manifest manifest,
    TrainingConfig config,
    Path outputDir,
    Path workDir,
    ObjectStore runCache,
    String coreVersion) {
  /** Requires every field except the run cache. */
  public TrainingRequest {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(coreVersion, "coreVersion");
  }
}
