package dev.mlops.core.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The identity of a training run: the SHA-256 of the canonical JSON of every input that changes the
 * trained weights. Two runs with the same fingerprint on the same machine produce the same bytes,
 * so a model directory or a run-cache entry with this fingerprint can stand in for training.
 *
 * <p>Included beyond the dataset, graph and hyperparameters: the compute thread count, because
 * PyTorch splits reductions (convolution weight gradients, batch-norm statistics) by thread, and a
 * different split sums floats in a different order and changes the last bits of the weights;
 * preprocessing, augmentation and where validation images come from, because they change what the
 * model sees and which epoch is best; the engine build (DJL and the PyTorch native library, see
 * {@link dev.mlops.core.EngineVersion}), because another build has other kernels and other numbers,
 * so a model trained by another engine is not "up to date". Excluded: loader workers and logging,
 * which do not change any number (the loader's order and augmentation depend only on seed, epoch
 * and image), and paths.
 *
 * @param value lower-case hex SHA-256 of {@link Inputs}' canonical JSON
 * @param inputs what was hashed (kept in the model card so a rebuild can be explained)
 */
public record Fingerprint(String value, Inputs inputs) {
  /** Version of the fingerprint's input layout; bumped when the inputs change meaning. */
  public static final int FORMAT = 2;

  /** The file name in the model directory holding {@link #value()}. */
  public static final String FILE = "fingerprint";

  /**
   * The fingerprint recorded in model directory {@code dir}, or empty when it has none (a model not
   * written by the trainer).
   */
  public static java.util.Optional<String> readFrom(java.nio.file.Path dir) throws IOException {
    java.nio.file.Path file = dir.resolve(FILE);
    return java.nio.file.Files.isRegularFile(file)
        ? java.util.Optional.of(java.nio.file.Files.readString(file).strip())
        : java.util.Optional.empty();
  }

  /**
   * The hashed inputs.
   *
   * @param format {@link #FORMAT}
   * @param manifestId the dataset's manifest id (content of every file, splits, labels)
   * @param graph the canonical layer graph (architecture, channels, input size, classes, layers)
   * @param hyperparameters the result-changing settings
   * @param seed the seed of every random choice
   * @param threads the engine's compute threads (see the class comment)
   * @param coreVersion this library's version (architectures and loop are pinned by it)
   * @param engineVersion the engine build that trains ({@link dev.mlops.core.EngineVersion})
   * @param initFromSha256 SHA-256 of the warm-start parameter file; {@code null} = random init
   * @param initFromFormat what an imported warm-start file (an ONNX export) holds, read from its
   *     content (format, producer, layout); {@code null} otherwise, so fingerprints without an
   *     import keep their value. Not the file's name: a renamed copy is the same input.
   * @param preprocessing resize and normalisation
   * @param augmentation the train split's augmentation
   * @param validation where validation images come from
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Inputs(
      int format,
      String manifestId,
      JsonNode graph,
      Hyperparameters hyperparameters,
      long seed,
      int threads,
      String coreVersion,
      String engineVersion,
      String initFromSha256,
      String initFromFormat,
      Preprocessing preprocessing,
      Augmentation augmentation,
      String validation) {
    /** Requires every input except the warm-start file. */
    public Inputs {
      Objects.requireNonNull(manifestId, "manifestId");
      Objects.requireNonNull(graph, "graph");
      Objects.requireNonNull(hyperparameters, "hyperparameters");
      Objects.requireNonNull(coreVersion, "coreVersion");
      Objects.requireNonNull(engineVersion, "engineVersion");
      Objects.requireNonNull(preprocessing, "preprocessing");
      Objects.requireNonNull(augmentation, "augmentation");
      Objects.requireNonNull(validation, "validation");
    }
  }

  /** Computes the fingerprint of one run's inputs. */
  public static Fingerprint of(
      String manifestId,
      LayerGraph graph,
      TrainingConfig config,
      String coreVersion,
      String engineVersion,
      String initFromSha256,
      String initFromFormat,
      Preprocessing preprocessing,
      Augmentation augmentation,
      String validation) {
    JsonNode graphTree;
    try {
      graphTree = Json.mapper().readTree(graph.canonicalBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read the layer graph's own JSON", e);
    }
    Inputs inputs =
        new Inputs(
            FORMAT,
            manifestId,
            graphTree,
            Hyperparameters.of(config),
            config.seed(),
            config.threads(),
            coreVersion,
            engineVersion,
            initFromSha256,
            initFromFormat,
            preprocessing,
            augmentation,
            validation);
    return new Fingerprint(Hashing.sha256(Json.canonical(inputs)), inputs);
  }
}
