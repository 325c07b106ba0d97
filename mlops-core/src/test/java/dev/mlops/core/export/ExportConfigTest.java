package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Defaults live in the builder; a bad value fails naming its key and value, no Maven wording. */
class ExportConfigTest {
  private static final Manifest EMPTY = new Manifest(Layout.SPLIT_FOLDERS, null, List.of());

  static ExportConfig.Builder required() {
    return ExportConfig.builder()
        .setModelDirectory(Path.of("model"))
        .setOutputDirectory(Path.of("out"))
        .setData(Path.of("data"), EMPTY)
        .setModel("m", "1.0");
  }

  @Test
  void build_onlyRequiredValues_usesTheDefaults() throws InvalidInputException {
    ExportConfig config = required().build();

    assertThat(config.quantize()).isEqualTo(Quantization.NONE);
    assertThat(config.tolerance()).isEqualTo(1e-4);
    assertThat(config.paritySamples()).isZero();
    assertThat(config.maxQuantizationLoss()).isEqualTo(0.01);
    assertThat(config.maxDisagreement()).isEqualTo(0.02);
    assertThat(config.calibrationSamples()).isEqualTo(100);
    assertThat(config.batchSize()).isEqualTo(32);
    assertThat(config.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.perturbWeight()).isNull();
  }

  @Test
  void build_nullOptions_keepTheDefaults() throws InvalidInputException {
    ExportConfig config =
        required()
            .optQuantize(null)
            .optTolerance(null)
            .optMaxQuantizationLoss(null)
            .optMaxDisagreement(null)
            .optCalibrationSamples(null)
            .build();

    assertThat(config).isEqualTo(required().build());
  }

  @Test
  void toBuilder_changedOption_keepsTheRest() throws InvalidInputException {
    ExportConfig config = required().optQuantize(Quantization.INT8).build();

    ExportConfig changed = config.toBuilder().optMaxDisagreement(0.05).build();

    assertThat(changed.maxDisagreement()).isEqualTo(0.05);
    assertThat(changed.quantize()).isEqualTo(Quantization.INT8);
  }

  @Test
  void build_boundaryValues_pass() throws InvalidInputException {
    required()
        .optTolerance(0.999)
        .optMaxQuantizationLoss(0.0)
        .optMaxDisagreement(0.0)
        .optCalibrationSamples(1)
        .build();
    required().optTolerance(1e-9).optMaxQuantizationLoss(1.0).optMaxDisagreement(1.0).build();
  }

  @ParameterizedTest
  @CsvSource({
    "tolerance, 0, 0.0",
    "tolerance, 1, 1.0",
    "tolerance, -1e-4, -1.0E-4",
    "tolerance, NaN, NaN",
    "paritySamples, -1, -1",
    "maxQuantizationLoss, -0.01, -0.01",
    "maxQuantizationLoss, 1.5, 1.5",
    "maxQuantizationLoss, NaN, NaN",
    "maxDisagreement, -0.01, -0.01",
    "maxDisagreement, 1.01, 1.01",
    "maxDisagreement, NaN, NaN",
    "calibrationSamples, 0, 0",
    "calibrationSamples, -3, -3",
    "batchSize, 0, 0",
  })
  void build_outOfRange_failsNamingTheKeyAndValue(String key, String input, String shown) {
    assertThatThrownBy(() -> set(required(), key, input).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid export setting: " + key + " is '" + shown + "';")
        .hasMessageNotContaining("-D")
        .hasMessageNotContaining("<")
        .hasCauseInstanceOf(ConfigValueException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).value()).isEqualTo(shown))
        .satisfies(e -> assertThat(((ConfigValueException) e.getCause()).field()).isEqualTo(key));
  }

  @Test
  void build_missingModelName_failsNamingIt() {
    assertThatThrownBy(() -> required().setModel(null, "1.0").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid export setting: modelName is missing; must be set");
  }

  private static ExportConfig.Builder set(ExportConfig.Builder b, String key, String value) {
    return switch (key) {
      case "tolerance" -> b.optTolerance(Double.valueOf(value));
      case "paritySamples" -> b.optParitySamples(Integer.valueOf(value));
      case "maxQuantizationLoss" -> b.optMaxQuantizationLoss(Double.valueOf(value));
      case "maxDisagreement" -> b.optMaxDisagreement(Double.valueOf(value));
      case "calibrationSamples" -> b.optCalibrationSamples(Integer.valueOf(value));
      case "batchSize" -> b.optBatchSize(Integer.valueOf(value));
      default -> throw new IllegalArgumentException(key);
    };
  }
}
