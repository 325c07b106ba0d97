package dev.mlops.core.export;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.model.Predictor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The int8 part of an export: calibrate, quantize, measure, write when good enough. */
final class Int8Export {
  private final ExportChecks checks;
  private final Progress progress;

  Int8Export(ExportChecks checks, Progress progress) {
    this.checks = checks;
    this.progress = progress;
  }

  ExportResult.Int8 run(
      ExportConfig config,
      Predictor djl,
      ExportMetadata metadata,
      OnnxClassifier fp32Model,
      byte[] fp32,
      List<LabeledImage> images,
      Split split)
      throws MlopsException {
    long start = System.nanoTime();
    List<LabeledImage> calibration = calibrationImages(config, djl, images, split);
    byte[] int8 =
        Int8Quantizer.quantize(
            djl.graph(),
            djl.weights(),
            metadata,
            checks.pixels(calibration, djl.preprocessing()),
            calibration.size(),
            Int8Quantizer.DEFAULT_SCHEME);
    double[] accuracies;
    try (OnnxClassifier int8Model = OnnxExporter.open(int8)) {
      accuracies = checks.accuracies(fp32Model, int8Model, images);
    }
    double loss = accuracies[0] - accuracies[1];
    double disagreement = 1 - accuracies[2];
    boolean passed =
        ExportResult.within(loss, config.maxQuantizationLoss())
            && ExportResult.within(disagreement, config.maxDisagreement());
    Path file = config.outputDirectory().resolve(OnnxExporter.INT8_FILE);
    if (passed) {
      OnnxExporter.write(file, int8);
    }
    ExportResult.Int8 result =
        new ExportResult.Int8(
            new OnnxExporter.ExportedFileInfo(passed ? file : null, int8).file(),
            Int8Quantizer.DEFAULT_SCHEME.name(),
            (double) fp32.length / int8.length,
            calibration.size(),
            split.dirName(),
            images.size(),
            accuracies[0],
            accuracies[1],
            accuracies[2],
            disagreement,
            loss,
            config.maxQuantizationLoss(),
            config.maxDisagreement(),
            passed);
    log(result, (System.nanoTime() - start) / 1e9);
    return result;
  }

  /** Spread over the train split; the checked split only when there is no train split. */
  private List<LabeledImage> calibrationImages(
      ExportConfig config, Predictor djl, List<LabeledImage> checked, Split split)
      throws MlopsException {
    List<LabeledImage> train = OnnxExporter.images(config, Split.TRAIN, djl.labels());
    if (train.isEmpty() || split == Split.TRAIN) {
      progress.warn("No separate train split: calibrating int8 ranges on the checked images");
      train = checked;
    }
    return ExportChecks.spread(train, config.calibrationSamples());
  }

  private void log(ExportResult.Int8 r, double seconds) {
    String line =
        String.format(
            Locale.ROOT,
            "int8 (%s): %.1f MB (%.1fx smaller), accuracy %.4f vs fp32 %.4f on %d %s images (loss"
                + " %.4f, max %.4f), agrees with fp32 on %.1f%% (disagreement %.4f, max %.4f);"
                + " calibrated on %d training images, %.1f s",
            r.scheme(),
            r.file().bytes() / 1e6,
            r.sizeRatio(),
            r.int8Accuracy(),
            r.fp32Accuracy(),
            r.images(),
            r.split(),
            r.accuracyLoss(),
            r.maxLoss(),
            100 * r.agreement(),
            r.disagreement(),
            r.maxDisagreement(),
            r.calibrationImages(),
            seconds);
    if (r.passed()) {
      progress.info(line);
    } else {
      progress.warn(line);
    }
  }
}
