package dev.mlops.core.drift;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.ModelCompanion;
import dev.mlops.core.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the drift {@link Baseline} of a freshly trained model directory: image features of the
 * training images, and model outputs on the test split, the images that neither fitted the model
 * nor chose its epoch. Training only measures the model on them here; nothing is fitted or selected
 * on them. Without a test split the outputs come from the val images, then the training images,
 * with a warning that says what that does to the checks. It is a {@link ModelCompanion} of
 * training, so every model carries the baseline it is checked against.
 */
public final class BaselineWriter implements ModelCompanion {
  /** The seed of the baseline's samples. */
  public static final long SAMPLE_SEED = 7L;

  static final String TEST_REASON =
      "the test split: images that neither fitted the model nor chose its best epoch, so the"
          + " model is as confident on them as on new images of the same distribution";

  static final String VAL_REASON =
      "no test split, so the val images, which chose the best epoch: the model is more confident"
          + " on them than on new images, so confidence and accuracy drift are reported more"
          + " often than the level says; add a test split";

  static final String TRAIN_REASON =
      "no test or val images, so the training images: the model was fitted on them and is more"
          + " confident on them than on new images, so confidence and accuracy drift are reported"
          + " far more often than the level says; add a test split";

  private final Progress progress;
  private final ObservationCache cache;

  /** Creates a writer reporting to {@code progress}. */
  public BaselineWriter(Progress progress) {
    this(progress, null);
  }

  /**
   * Creates a writer that reads the training images' features from {@code cache} when stored there
   * (and keeps those it computes), e.g. the feature store's {@code image-stats}.
   */
  public BaselineWriter(Progress progress, ObservationCache cache) {
    this.progress = progress;
    this.cache = cache;
  }

  /** Where the model outputs of a baseline come from, and why that split. */
  record OutputSource(String split, List<LabeledImage> images, String reason) {}

  @Override
  public String file() {
    return Baseline.FILE;
  }

  /**
   * Computes and writes {@code model.modelDir()/}{@value Baseline#FILE}: features of {@code
   * model.train()}, outputs on the manifest's test split (or the fallbacks above).
   */
  @Override
  public void write(TrainedModel model) throws MlopsException {
    long start = System.nanoTime();
    try (Predictor predictor = ModelFiles.load(model.modelDir())) {
      OutputSource source = outputSource(model, predictor.labels());
      if (!source.split().equals("test")) {
        progress.warn("drift baseline: model outputs come from " + source.reason());
      }
      Projection projection = Projection.defaults(predictor.embeddingSize());
      ObservationExtractor features =
          new ObservationExtractor(null, projection, model.batchSize(), model.workers(), progress)
              .cachedIn(cache);
      ObservationExtractor outputs =
          new ObservationExtractor(
              predictor, projection, model.batchSize(), model.workers(), progress);
      Observations images =
          observe(features, model.train(), "training images", hashes(model, model.train()));
      Observations held = observe(outputs, source.images(), source.split() + " images", null);
      Baseline baseline =
          Baseline.build(
              model.fingerprint(),
              predictor.labels(),
              "train",
              images,
              source.split(),
              source.reason(),
              held,
              projection,
              SAMPLE_SEED);
      baseline.write(model.modelDir());
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
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the drift baseline to " + model.modelDir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The test split when the manifest has one; else the images that chose the best epoch (the val
   * split, or the slice of train held out when there is none); else the training images.
   */
  static OutputSource outputSource(TrainedModel model, List<String> labels) throws MlopsException {
    List<ManifestEntry> test =
        model.manifest().entries().stream().filter(e -> e.split() == Split.TEST).toList();
    if (!test.isEmpty()) {
      return new OutputSource(
          "test", LabeledImage.of(model.dataDirectory(), test, labels), TEST_REASON);
    }
    if (!model.val().isEmpty()) {
      boolean valSplit = model.manifest().entries().stream().anyMatch(e -> e.split() == Split.VAL);
      return new OutputSource(
          valSplit ? "val" : "train-holdout",
          model.val(),
          valSplit
              ? VAL_REASON
              : VAL_REASON.replace("the val images", "the slice of train held out for validation"));
    }
    return new OutputSource("train", model.train(), TRAIN_REASON);
  }

  /** The content hashes of {@code images} from the manifest, or null when one is not in it. */
  private List<String> hashes(TrainedModel model, List<LabeledImage> images) {
    if (cache == null) {
      return null;
    }
    Map<String, String> byPath = new HashMap<>();
    for (ManifestEntry e : model.manifest().entries()) {
      byPath.put(e.path(), e.sha256());
    }
    List<String> shas = images.stream().map(i -> byPath.get(i.relativePath())).toList();
    return shas.contains(null) ? null : shas;
  }

  private static Observations observe(
      ObservationExtractor extractor, List<LabeledImage> images, String what, List<String> shas)
      throws MlopsException {
    List<String> files = images.stream().map(i -> i.file().toString()).toList();
    int[] labels = images.stream().mapToInt(LabeledImage::label).toArray();
    ObservationExtractor.Extraction e = extractor.extract(Path.of(""), files, labels, what, shas);
    if (!e.unreadable().isEmpty()) {
      throw new MlopsException(
          "cannot read "
              + e.unreadable().size()
              + " "
              + what
              + " for the drift baseline, e.g. "
              + e.unreadable().get(0)
              + "; validate the data to list every unreadable image",
          Remedy.run(Stage.VALIDATE_DATA));
    }
    return e.observations();
  }
}
