package dev.mlops.core.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a trained model is and how it was made ({@code card.json} in the model directory); the
 * registry copies it into a model version later.
 *
 * @param architecture the architecture name
 * @param channels input channels
 * @param inputSize input width and height
 * @param parameters learned scalars
 * @param labels class names, index = model output
 * @param hyperparameters the result-changing settings
 * @param seed the seed
 * @param threads engine compute threads used
 * @param augmentation the training augmentation
 * @param fingerprint the run's fingerprint
 * @param manifestId the dataset's manifest id
 * @param validation where validation images came from
 * @param trainImages training images
 * @param valImages validation images
 * @param initFromSha256 SHA-256 of the warm-start file, or null
 * @param initFromOrigin file name and description of an imported warm-start file (ONNX), or null
 * @param bestEpoch the epoch whose weights are the model
 * @param epochsRun epochs trained (fewer than configured after early stopping)
 * @param valAccuracy validation accuracy of the best epoch
 * @param valLoss validation loss of the best epoch
 * @param status TRAINED or RESUMED
 * @param startedAt when the producing call started (ISO-8601)
 * @param finishedAt when it finished (ISO-8601)
 * @param seconds wall time of the producing call
 * @param trainingSeconds summed epoch times (over interruptions)
 * @param coreVersion the library version
 * @param engineVersion the engine build that trained it (DJL and PyTorch native library)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
    String architecture,
    int channels,
    int inputSize,
    long parameters,
    List<String> labels,
    Hyperparameters hyperparameters,
    long seed,
    int threads,
    dev.mlops.core.image.Augmentation augmentation,
    String fingerprint,
    String manifestId,
    String validation,
    int trainImages,
    int valImages,
    String initFromSha256,
    String initFromOrigin,
    int bestEpoch,
    int epochsRun,
    double valAccuracy,
    double valLoss,
    TrainingStatus status,
    String startedAt,
    String finishedAt,
    double seconds,
    double trainingSeconds,
    String coreVersion,
    String engineVersion) {
  /** The file name in the model directory. */
  public static final String FILE = "card.json";

  /** Copies the labels. */
  public ModelCard {
    labels = List.copyOf(labels);
  }

  /** Writes {@code card.json} to {@code dir} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), Json.pretty(this));
  }

  /** Reads {@code card.json} from a model directory. */
  public static ModelCard read(Path dir) throws IOException {
    // Tolerant of fields added by later versions (and of derived getters of nested records).
    return Json.mapper()
        .readerFor(ModelCard.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(Files.readAllBytes(dir.resolve(FILE)));
  }
}
