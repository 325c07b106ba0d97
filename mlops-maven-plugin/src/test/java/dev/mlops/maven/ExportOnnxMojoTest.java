package dev.mlops.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.export.ExportResult;
import org.junit.jupiter.api.Test;

/** The int8 gates' failure messages name the setting, the measured value and the fix. */
class ExportOnnxMojoTest {
  private static ExportResult.Int8 int8(double int8Accuracy, double agreement) {
    return new ExportResult.Int8(
        new ExportResult.ExportedFile(null, "0".repeat(64), 1000),
        "U8S8_REDUCED",
        3.9,
        100,
        "test",
        360,
        0.95,
        int8Accuracy,
        agreement,
        1 - agreement,
        0.95 - int8Accuracy,
        0.01,
        0.02,
        false);
  }

  @Test
  void int8Failure_withinBothLimits_isNone() {
    assertThat(ExportOnnxMojo.int8Failure(int8(0.95, 0.98))).isNull();
  }

  @Test
  void int8Failure_disagreementOverLimitWithBalancedErrors_namesSettingValueAndFix() {
    // The accuracy is unchanged (errors balance out), but 10.8% of the predictions moved.
    assertThat(ExportOnnxMojo.int8Failure(int8(0.95, 0.892)))
        .startsWith("The int8 model predicts another class than the fp32 model on 0.1080 of 360")
        .contains("agreement 0.8920")
        .contains("more than <maxDisagreement> 0.0200")
        .contains("raise the limit (-Dmlops.export-onnx.maxDisagreement=0.05)")
        .contains("<calibrationSamples>")
        .contains("without <quantize>");
  }

  @Test
  void int8Failure_lossOverLimit_namesTheLossSetting() {
    assertThat(ExportOnnxMojo.int8Failure(int8(0.93, 0.99)))
        .startsWith("int8 quantization costs 0.0200 accuracy")
        .contains("<maxQuantizationLoss> 0.0100")
        .contains("Raise it (-Dmlops.export-onnx.maxQuantizationLoss=0.02)");
  }
}
