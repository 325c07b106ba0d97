package dev.mlops.core.drift;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.ModelCompanion;
import dev.mlops.core.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the drift {@link Baseline} of a freshly trained model directory: image features of the
 * training images, model outputs on the validation images (the training images when there are no
 * others). It is a {@link ModelCompanion} of training, so every model carries the baseline it is
 * checked against.
 */
public final class BaselineWriter implements ModelCompanion {
  /** The seed of the baseline's samples. */
  public static final long SAMPLE_SEED = 7L;

  private final Progress progress;

  /** Creates a writer reporting to {@code progress}. */
  public BaselineWriter(Progress progress) {
    this.progress = progress;
  }

  @Override
  public String file() {
    return Baseline.FILE;
  }

  @Override
  public void write(TrainedModel model) throws MlopsException {
    write(
        model.modelDir(),
        model.fingerprint(),
        model.train(),
        model.val(),
        model.batchSize(),
        model.workers());
  }

  /**
   * Computes and writes {@code modelDir/}{@value Baseline#FILE}.
   *
   * @param modelDir a complete model directory (params, graph, labels, preprocessing)
   * @param fingerprint the model's training fingerprint
   * @param train the training images
   * @param heldOut images the model did not fit (the val split), or an empty list
   * @param batchSize images per model call
   * @param workers decoding threads
   */
  public Baseline write(
      Path modelDir,
      String fingerprint,
      List<LabeledImage> train,
      List<LabeledImage> heldOut,
      int batchSize,
      int workers)
      throws MlopsException {
    long start = System.nanoTime();
    try (Predictor predictor = ModelFiles.load(modelDir)) {
      Projection projection = Projection.defaults(predictor.embeddingSize());
      ObservationExtractor features =
          new ObservationExtractor(null, projection, batchSize, workers, progress);
      ObservationExtractor outputs =
          new ObservationExtractor(predictor, projection, batchSize, workers, progress);
      boolean haveHeldOut = !heldOut.isEmpty();
      if (!haveHeldOut) {
        progress.warn(
            "drift baseline: no val images, so model outputs come from the training images, on"
                + " which the model is overconfident; confidence drift will be reported more"
                + " often. Add a val split.");
      }
      Observations images = observe(features, train, "training images");
      Observations held = observe(outputs, haveHeldOut ? heldOut : train, "baseline images");
      Baseline baseline =
          Baseline.build(
              fingerprint,
              predictor.labels(),
              "train",
              images,
              haveHeldOut ? "val" : "train",
              held,
              projection,
              SAMPLE_SEED);
      baseline.write(modelDir);
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.info(
          String.format(
              Locale.ROOT,
              "drift baseline: features of %d %s images, outputs on %d %s images, %.1f s (%.0f"
                  + " img/s)",
              images.size(),
              baseline.featuresSplit(),
              held.size(),
              baseline.outputsSplit(),
              seconds,
              (images.size() + held.size()) / Math.max(seconds, 1e-9)));
      return baseline;
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the drift baseline to " + modelDir + ": " + e.getMessage(), e);
    }
  }

  private static Observations observe(
      ObservationExtractor extractor, List<LabeledImage> images, String what)
      throws MlopsException {
    List<String> files = images.stream().map(i -> i.file().toString()).toList();
    int[] labels = images.stream().mapToInt(LabeledImage::label).toArray();
    ObservationExtractor.Extraction e = extractor.extract(Path.of(""), files, labels, what);
    if (!e.unreadable().isEmpty()) {
      throw new MlopsException(
          "cannot read "
              + e.unreadable().size()
              + " training images for the drift baseline, e.g. "
              + e.unreadable().get(0)
              + "; validate the data to list every unreadable image",
          Remedy.run(Stage.VALIDATE_DATA));
    }
    return e.observations();
  }
}
