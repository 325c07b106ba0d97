package dev.mlops.core.train;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.WeightsImport;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything decided before the engine is touched: the images, the graph, preprocessing and the
 * fingerprint. Cheap (manifest, a few image headers, the warm-start file's hash, and for an
 * imported ONNX file one parse of it), so that an up-to-date model directory is recognised quickly.
 *
 * @param data train and validation images with labels
 * @param graph the model's layer graph
 * @param preprocessing resize and normalisation of every image
 * @param fingerprint the run's identity
 * @param initFrom the warm-start parameter file, or {@code null}
 * @param imported what {@code initFrom} is when it comes from outside this project (ONNX), or
 *     {@code null}
 */
record TrainingPlan(
    TrainingData data,
    LayerGraph graph,
    Preprocessing preprocessing,
    Fingerprint fingerprint,
    Path initFrom,
    WeightsImport imported) {
  /** Training images whose headers decide gray or RGB when channels are not configured. */
  static final int CHANNEL_SAMPLE = 32;

  static TrainingPlan of(TrainingRequest request, Progress progress) throws MlopsException {
    TrainingConfig config = request.config();
    TrainingData data =
        TrainingData.of(request.dataDirectory(), request.manifest(), config.seed(), progress);
    Path initFrom = initFromFile(config.initFrom());
    WeightsImport imported = initFrom == null ? null : WeightsImport.of(initFrom).orElse(null);
    if (imported != null) {
      progress.info("initFrom: " + imported.origin());
      imported.inputSizeWarning(config.inputSize()).ifPresent(progress::warn);
    }
    int channels = channels(request, data, imported, progress);
    LayerGraph graph =
        Architectures.create(
            config.architecture(), data.labels().size(), channels, config.inputSize());
    Preprocessing preprocessing = Preprocessing.imagenet(config.inputSize(), channels);
    Fingerprint fingerprint =
        Fingerprint.of(
            request.manifest().id(),
            graph,
            config,
            request.coreVersion(),
            request.engineVersion(),
            initFrom == null ? null : hash(initFrom),
            imported == null ? null : imported.description(),
            preprocessing,
            config.augmentation(),
            data.validation());
    return new TrainingPlan(data, graph, preprocessing, fingerprint, initFrom, imported);
  }

  /**
   * The configured channels; else those of an imported file's input (ImageNet weights want RGB, and
   * gray images are loaded as RGB then); else detected from the training images.
   */
  private static int channels(
      TrainingRequest request, TrainingData data, WeightsImport imported, Progress progress)
      throws InvalidInputException {
    TrainingConfig config = request.config();
    if (config.channels() != null) {
      return config.channels();
    }
    if (imported != null && imported.inputChannels().isPresent()) {
      int channels = imported.inputChannels().get();
      progress.info(
          "channels: "
              + channels
              + " (the input of initFrom's "
              + imported.file().getFileName()
              + "; set channels to override)");
      return channels;
    }
    ChannelMemo.Detection detected =
        new ChannelMemo(request.workDir())
            .detect(data.channelSample(CHANNEL_SAMPLE), request.manifest());
    progress.info(
        "channels: "
            + detected.channels()
            + (detected.channels() == 1 ? " (gray" : " (RGB")
            + (detected.remembered() ? ", detected before from the same " : ", detected from ")
            + Math.min(CHANNEL_SAMPLE, data.train().size())
            + " training images; set channels to override)");
    return detected.channels();
  }

  private static Path initFromFile(Path initFrom) throws InvalidInputException {
    if (initFrom == null) {
      return null;
    }
    Path file = Files.isDirectory(initFrom) ? initFrom.resolve(ModelFiles.PARAMS) : initFrom;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "initFrom: "
              + file
              + " does not exist; point initFrom at the params file of a trained model (for"
              + " example target/mlops/model/params), at an ONNX export of a torchvision ResNet,"
              + " or remove it",
          initFrom.toString(),
          Remedy.setting("initFrom"));
    }
    return file;
  }

  private static String hash(Path file) throws MlopsException {
    try {
      return Hashing.sha256(file);
    } catch (IOException e) {
      throw new MlopsException("cannot read the initFrom file " + file + ": " + e, e);
    }
  }
}
