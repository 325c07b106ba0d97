package dev.mlops.core.export;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link OnnxExporter} exports and how it checks the result.
 *
 * @param modelDirectory the trained model ({@code target/mlops/model})
 * @param outputDirectory where {@value OnnxExporter#FP32_FILE}, {@value OnnxExporter#INT8_FILE} and
 *     {@value OnnxExporter#REPORT_FILE} are written ({@code target/mlops})
 * @param dataDirectory the project's images
 * @param manifest the scanned dataset: the test split (val, else train, when there is none) is used
 *     for the parity check and the int8 accuracy, the train split for calibration
 * @param quantize whether to write the int8 model too
 * @param tolerance largest allowed |p_djl - p_onnx| of any class probability, in (0, 1)
 * @param paritySamples images for the parity check; 0 means every image of the split
 * @param maxQuantizationLoss largest allowed accuracy drop of the int8 model, in [0, 1]
 * @param calibrationSamples training images whose activations set the int8 ranges
 * @param modelName the model's name, written into the metadata
 * @param modelVersion the model's version (the project version), written into the metadata
 * @param batchSize images per forward pass
 * @param workers threads decoding images
 * @param perturbWeight a fire drill for the parity check: the name of a parameter ({@code
 *     <layer>.<parameter>}) whose first value is increased by 1 in the exported file only, so the
 *     check must fail; {@code null} in real builds
 */
public record ExportConfig(
    Path modelDirectory,
    Path outputDirectory,
    Path dataDirectory,
    Manifest manifest,
    Quantization quantize,
    double tolerance,
    int paritySamples,
    double maxQuantizationLoss,
    int calibrationSamples,
    String modelName,
    String modelVersion,
    int batchSize,
    int workers,
    String perturbWeight) {

  /** Default {@link #tolerance()}. */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  /** Default {@link #maxQuantizationLoss()}: one accuracy point. */
  public static final double DEFAULT_MAX_QUANTIZATION_LOSS = 0.01;

  /** Default {@link #calibrationSamples()}. */
  public static final int DEFAULT_CALIBRATION_SAMPLES = 100;

  /** Checks every value; the message names the field and the allowed range. */
  public ExportConfig {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(quantize, "quantize");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    if (batchSize < 1 || workers < 1) {
      throw new IllegalArgumentException("batchSize and workers must be at least 1");
    }
  }

  /**
   * Checks the user's numbers.
   *
   * @throws InvalidInputException naming the parameter, its value and the allowed range
   */
  public ExportConfig validate() throws InvalidInputException {
    if (!(tolerance > 0 && tolerance < 1)) {
      throw invalid("tolerance", tolerance, "must be in (0, 1), e.g. 1e-4");
    }
    if (paritySamples < 0) {
      throw invalid("paritySamples", paritySamples, "must be >= 0 (0 = the whole split)");
    }
    if (!(maxQuantizationLoss >= 0 && maxQuantizationLoss <= 1)) {
      throw invalid("maxQuantizationLoss", maxQuantizationLoss, "must be in [0, 1], e.g. 0.01");
    }
    if (calibrationSamples < 1) {
      throw invalid("calibrationSamples", calibrationSamples, "must be >= 1, e.g. 100");
    }
    return this;
  }

  private static InvalidInputException invalid(String field, Object value, String rule) {
    return new InvalidInputException(
        "<" + field + "> is " + value + "; " + rule + " (or -Dmlops.export." + field + "=...)",
        String.valueOf(value));
  }
}
