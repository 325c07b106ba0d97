package dev.mlops.core.export;

import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OnnxExporter} wrote and measured; {@value OnnxExporter#REPORT_FILE} holds it as JSON.
 *
 * @param fingerprint training fingerprint of the exported model
 * @param configKey hash of the model and settings: an unchanged key means nothing to redo
 * @param fp32 the fp32 model
 * @param parity DJL against ONNX Runtime on the fp32 model
 * @param int8 the int8 model and its accuracy, or {@code null} without quantization
 * @param upToDate whether the files were kept from an earlier build with the same key
 */
public record ExportResult(
    String fingerprint,
    String configKey,
    ExportedFile fp32,
    Parity parity,
    Int8 int8,
    boolean upToDate) {

  /** Whether every check passed. */
  public boolean passed() {
    return parity.passed() && (int8 == null || int8.passed());
  }

  /** Reads a result written by {@link OnnxExporter} ({@value OnnxExporter#REPORT_FILE}). */
  public static ExportResult read(Path file) throws MlopsException {
    try {
      return Json.mapper().readValue(file.toFile(), ExportResult.class);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read " + file + ": " + e.getMessage() + "; export again or delete the file",
          Remedy.run(Stage.EXPORT),
          e);
    }
  }

  /**
   * The model files that passed their checks, by file name ({@value OnnxExporter#FP32_FILE},
   * {@value OnnxExporter#INT8_FILE}); empty when a check failed.
   */
  public Map<String, Path> passedFiles() {
    Map<String, Path> files = new LinkedHashMap<>();
    if (parity.passed() && fp32.path() != null) {
      files.put(OnnxExporter.FP32_FILE, Path.of(fp32.path()));
    }
    if (files.size() == 1 && int8 != null && int8.passed() && int8.file().path() != null) {
      files.put(OnnxExporter.INT8_FILE, Path.of(int8.file().path()));
    }
    return files;
  }

  /** This result marked as reused. */
  ExportResult reused() {
    return new ExportResult(fingerprint, configKey, fp32, parity, int8, true);
  }

  /**
   * A written model file.
   *
   * @param path absolute path
   * @param sha256 hash of its bytes
   * @param bytes size
   */
  public record ExportedFile(String path, String sha256, long bytes) {}

  /**
   * The parity check.
   *
   * @param split the split the images came from
   * @param samples images compared
   * @param maxAbsDifference largest |p_djl - p_onnx| of any class probability of any image
   * @param tolerance the allowed maximum
   * @param differingPredictions images whose predicted class differs, with both predictions
   * @param passed {@code maxAbsDifference <= tolerance} and no prediction differs
   */
  public record Parity(
      String split,
      int samples,
      double maxAbsDifference,
      double tolerance,
      List<String> differingPredictions,
      boolean passed) {
    /** Copies the list. */
    public Parity {
      differingPredictions = List.copyOf(differingPredictions);
    }
  }

  /**
   * The int8 model and what quantization cost.
   *
   * @param file the int8 model
   * @param scheme the {@link Int8Scheme} its weights were stored with
   * @param sizeRatio fp32 bytes / int8 bytes
   * @param calibrationImages training images used to set the activation ranges
   * @param split the split accuracy was measured on
   * @param images images in that split
   * @param fp32Accuracy accuracy of the fp32 model (ONNX Runtime)
   * @param int8Accuracy accuracy of the int8 model
   * @param agreement fraction of images where both predict the same class
   * @param disagreement {@code 1 - agreement}: the fraction where the int8 top-1 class differs
   * @param accuracyLoss {@code fp32Accuracy - int8Accuracy}
   * @param maxLoss the allowed maximum loss ({@code maxQuantizationLoss})
   * @param maxDisagreement the allowed maximum disagreement
   * @param passed {@code accuracyLoss <= maxLoss} and {@code disagreement <= maxDisagreement}
   */
  public record Int8(
      ExportedFile file,
      String scheme,
      double sizeRatio,
      int calibrationImages,
      String split,
      int images,
      double fp32Accuracy,
      double int8Accuracy,
      double agreement,
      double disagreement,
      double accuracyLoss,
      double maxLoss,
      double maxDisagreement,
      boolean passed) {

    /** Whether the accuracy loss is within {@code maxLoss}. */
    public boolean lossWithinLimit() {
      return within(accuracyLoss, maxLoss);
    }

    /** Whether the disagreement is within {@code maxDisagreement}. */
    public boolean disagreementWithinLimit() {
      return within(disagreement, maxDisagreement);
    }
  }

  /**
   * {@code value <= limit} for fractions of a few hundred images: a value equal to the limit up to
   * floating-point rounding ({@code 1 - 0.98} vs {@code 0.02}) passes.
   */
  static boolean within(double value, double limit) {
    return value <= limit + 1e-12;
  }
}
