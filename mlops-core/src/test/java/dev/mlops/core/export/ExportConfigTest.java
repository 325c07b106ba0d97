package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The user's numbers are checked before anything is read, and errors name the parameter. */
class ExportConfigTest {
  private static final Manifest EMPTY = new Manifest(Layout.SPLIT_FOLDERS, null, List.of());

  static ExportConfig config(
      double tolerance, int paritySamples, double maxQuantizationLoss, int calibrationSamples) {
    return new ExportConfig(
        Path.of("model"),
        Path.of("out"),
        Path.of("data"),
        EMPTY,
        Quantization.INT8,
        tolerance,
        paritySamples,
        maxQuantizationLoss,
        calibrationSamples,
        "m",
        "1.0",
        8,
        1,
        null);
  }

  @Test
  void validate_defaults_passes() throws InvalidInputException {
    ExportConfig config =
        config(
            ExportConfig.DEFAULT_TOLERANCE,
            0,
            ExportConfig.DEFAULT_MAX_QUANTIZATION_LOSS,
            ExportConfig.DEFAULT_CALIBRATION_SAMPLES);

    assertThat(config.validate()).isSameAs(config);
  }

  @Test
  void validate_boundaryValues_pass() throws InvalidInputException {
    config(0.999, 0, 0, 1).validate();
    config(1e-9, 1, 1, 1).validate();
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0, 0.01, 100, tolerance, 0.0",
    "1, 0, 0.01, 100, tolerance, 1.0",
    "-1e-4, 0, 0.01, 100, tolerance, -1.0E-4",
    "NaN, 0, 0.01, 100, tolerance, NaN",
    "1e-4, -1, 0.01, 100, paritySamples, -1",
    "1e-4, 0, -0.01, 100, maxQuantizationLoss, -0.01",
    "1e-4, 0, 1.5, 100, maxQuantizationLoss, 1.5",
    "1e-4, 0, NaN, 100, maxQuantizationLoss, NaN",
    "1e-4, 0, 0.01, 0, calibrationSamples, 0",
    "1e-4, 0, 0.01, -3, calibrationSamples, -3",
  })
  void validate_outOfRange_failsNamingParameterValueAndProperty(
      double tolerance,
      int paritySamples,
      double maxLoss,
      int calibration,
      String parameter,
      String value) {
    assertThatThrownBy(() -> config(tolerance, paritySamples, maxLoss, calibration).validate())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("<" + parameter + "> is " + value + ";")
        .hasMessageContaining("-Dmlops.export." + parameter + "=")
        .extracting(e -> ((InvalidInputException) e).value())
        .isEqualTo(value);
  }

  @Test
  void constructor_missingModelName_isAProgrammingError() {
    assertThatThrownBy(
            () ->
                new ExportConfig(
                    Path.of("model"),
                    Path.of("out"),
                    Path.of("data"),
                    EMPTY,
                    Quantization.NONE,
                    1e-4,
                    0,
                    0.01,
                    100,
                    null,
                    "1.0",
                    8,
                    1,
                    null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("modelName");
  }
}
