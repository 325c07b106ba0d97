package dev.mlops.core.export;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;

/**
 * What {@link OnnxExporter} exports and how it checks the result. Immutable; build it with {@link
 * #builder()}: {@code setX} for the required values, {@code optX} for the rest, which have
 * defaults. The canonical constructor rejects a bad value with a {@link ConfigValueException}
 * naming the field; {@link Builder#build()} turns that into an {@link InvalidInputException}.
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
 * @param maxDisagreement largest allowed fraction of checked images whose int8 top-1 class differs
 *     from the fp32 model's, in [0, 1]: catches an int8 model that is wrong on many images while
 *     its errors happen to balance out in the accuracy
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
    double maxDisagreement,
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

  /** Default {@link #maxDisagreement()}: two images in a hundred. */
  public static final double DEFAULT_MAX_DISAGREEMENT = 0.02;

  /** Default {@link #calibrationSamples()}. */
  public static final int DEFAULT_CALIBRATION_SAMPLES = 100;

  /** Default {@link #batchSize()}. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Checks every value; the message names the field, its value and the allowed range. */
  public ExportConfig {
    require(modelDirectory != null, "modelDirectory", null, "must be set");
    require(outputDirectory != null, "outputDirectory", null, "must be set");
    require(dataDirectory != null, "dataDirectory", null, "must be set");
    require(manifest != null, "manifest", null, "must be set");
    require(quantize != null, "quantize", null, "must be NONE or INT8");
    require(tolerance > 0 && tolerance < 1, "tolerance", tolerance, "must be in (0,1), e.g. 1e-4");
    require(
        paritySamples >= 0,
        "paritySamples",
        paritySamples,
        "must be at least 0 (0 = the whole split)");
    require(
        maxQuantizationLoss >= 0 && maxQuantizationLoss <= 1,
        "maxQuantizationLoss",
        maxQuantizationLoss,
        "must be in [0,1], e.g. 0.01");
    require(
        maxDisagreement >= 0 && maxDisagreement <= 1,
        "maxDisagreement",
        maxDisagreement,
        "must be in [0,1], e.g. 0.02");
    require(
        calibrationSamples >= 1,
        "calibrationSamples",
        calibrationSamples,
        "must be at least 1, e.g. 100");
    require(modelName != null && !modelName.isBlank(), "modelName", modelName, "must be set");
    require(modelVersion != null, "modelVersion", null, "must be set");
    require(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "must be in [1,65536]");
    require(workers >= 1 && workers <= 1024, "workers", workers, "must be in [1,1024]");
  }

  /** A builder with every default; the directories, manifest, name and version must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds an {@link ExportConfig}. Every {@code optX} takes a boxed value where {@code null} keeps
   * the default, so callers (the Maven plugin) can pass unset options through.
   */
  public static final class Builder {
    private Path modelDirectory;
    private Path outputDirectory;
    private Path dataDirectory;
    private Manifest manifest;
    private Quantization quantize = Quantization.NONE;
    private double tolerance = DEFAULT_TOLERANCE;
    private int paritySamples;
    private double maxQuantizationLoss = DEFAULT_MAX_QUANTIZATION_LOSS;
    private double maxDisagreement = DEFAULT_MAX_DISAGREEMENT;
    private int calibrationSamples = DEFAULT_CALIBRATION_SAMPLES;
    private String modelName;
    private String modelVersion;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int workers = Runtime.getRuntime().availableProcessors();
    private String perturbWeight;

    private Builder() {}

    private Builder(ExportConfig c) {
      modelDirectory = c.modelDirectory;
      outputDirectory = c.outputDirectory;
      dataDirectory = c.dataDirectory;
      manifest = c.manifest;
      quantize = c.quantize;
      tolerance = c.tolerance;
      paritySamples = c.paritySamples;
      maxQuantizationLoss = c.maxQuantizationLoss;
      maxDisagreement = c.maxDisagreement;
      calibrationSamples = c.calibrationSamples;
      modelName = c.modelName;
      modelVersion = c.modelVersion;
      batchSize = c.batchSize;
      workers = c.workers;
      perturbWeight = c.perturbWeight;
    }

    /** Sets {@link ExportConfig#modelDirectory()} (required). */
    public Builder setModelDirectory(Path value) {
      modelDirectory = value;
      return this;
    }

    /** Sets {@link ExportConfig#outputDirectory()} (required). */
    public Builder setOutputDirectory(Path value) {
      outputDirectory = value;
      return this;
    }

    /** Sets {@link ExportConfig#dataDirectory()} and {@link ExportConfig#manifest()} (required). */
    public Builder setData(Path directory, Manifest scanned) {
      dataDirectory = directory;
      manifest = scanned;
      return this;
    }

    /** Sets {@link ExportConfig#modelName()} and {@link ExportConfig#modelVersion()} (required). */
    public Builder setModel(String name, String version) {
      modelName = name;
      modelVersion = version;
      return this;
    }

    /** Sets {@link ExportConfig#quantize()}. */
    public Builder optQuantize(Quantization value) {
      quantize = value == null ? quantize : value;
      return this;
    }

    /** Sets {@link ExportConfig#tolerance()}. */
    public Builder optTolerance(Double value) {
      tolerance = value == null ? tolerance : value;
      return this;
    }

    /** Sets {@link ExportConfig#paritySamples()}. */
    public Builder optParitySamples(Integer value) {
      paritySamples = value == null ? paritySamples : value;
      return this;
    }

    /** Sets {@link ExportConfig#maxQuantizationLoss()}. */
    public Builder optMaxQuantizationLoss(Double value) {
      maxQuantizationLoss = value == null ? maxQuantizationLoss : value;
      return this;
    }

    /** Sets {@link ExportConfig#maxDisagreement()}. */
    public Builder optMaxDisagreement(Double value) {
      maxDisagreement = value == null ? maxDisagreement : value;
      return this;
    }

    /** Sets {@link ExportConfig#calibrationSamples()}. */
    public Builder optCalibrationSamples(Integer value) {
      calibrationSamples = value == null ? calibrationSamples : value;
      return this;
    }

    /** Sets {@link ExportConfig#batchSize()}. */
    public Builder optBatchSize(Integer value) {
      batchSize = value == null ? batchSize : value;
      return this;
    }

    /** Sets {@link ExportConfig#workers()}. */
    public Builder optWorkers(Integer value) {
      workers = value == null ? workers : value;
      return this;
    }

    /** Sets {@link ExportConfig#perturbWeight()}; {@code null} = no fire drill. */
    public Builder optPerturbWeight(String value) {
      perturbWeight = value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming the first invalid field and its value
     */
    public ExportConfig build() throws InvalidInputException {
      try {
        return new ExportConfig(
            modelDirectory,
            outputDirectory,
            dataDirectory,
            manifest,
            quantize,
            tolerance,
            paritySamples,
            maxQuantizationLoss,
            maxDisagreement,
            calibrationSamples,
            modelName,
            modelVersion,
            batchSize,
            workers,
            perturbWeight);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid export setting");
      }
    }
  }
}
