package dev.mlops.core.train;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.image.LabeledImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A complete model directory and the data it was trained on, as handed to a {@link ModelCompanion}.
 *
 * @param modelDir the model directory (params, graph, labels, preprocessing written)
 * @param fingerprint the model's training fingerprint
 * @param dataDirectory the dataset's root directory
 * @param manifest the dataset manifest (every split, including test)
 * @param train the images the model was fitted on
 * @param val the images that selected the best epoch (the val split or a held-out slice of train)
 * @param batchSize images per model call
 * @param workers image decoding threads
 */
public record TrainedModel(
    Path modelDir,
    String fingerprint,
    Path dataDirectory,
    Manifest manifest,
    List<LabeledImage> train,
    List<LabeledImage> val,
    int batchSize,
    int workers) {
  /** Copies the lists. */
  public TrainedModel {
    train = List.copyOf(train);
    val = List.copyOf(val);
  }
}
