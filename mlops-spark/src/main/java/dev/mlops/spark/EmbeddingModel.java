package dev.mlops.spark;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The model whose embeddings {@link FeaturesJob#embeddings} materializes, as {@code mlops:features}
 * names it: a model directory (params, graph, labels, preprocessing, e.g. a registered version
 * restored by the registry) readable by every executor under the same path, and the registered
 * name, version and fingerprint that name the view {@code embedding/<name>/<version>}.
 *
 * @param directory the model's files
 * @param name the registered model's name
 * @param version the version label, {@code v<N>}
 * @param fingerprint the version's fingerprint
 * @param batchSize images per forward pass (the local run's {@code batchSize}; the same value gives
 *     the same batches and so bit-identical values)
 */
public record EmbeddingModel(
    Path directory, String name, String version, String fingerprint, int batchSize) {
  /** Checks the fields. */
  public EmbeddingModel {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
  }
}
