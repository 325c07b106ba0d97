package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ValidationConfigTest {
  @Test
  void defaults_allChecksOnWithDocumentedLimits() {
    ValidationConfig config = ValidationConfig.defaults();

    assertThat(config.classes()).isEmpty();
    assertThat(config.maxPixels()).isEqualTo(100_000_000L);
    assertThat(config.maxImbalance()).isEqualTo(1.5);
    assertThat(config.failOnImbalance()).isFalse();
    assertThat(config.nearDuplicateDistance()).isEqualTo(4);
    assertThat(config.minWidth()).isEqualTo(1);
    assertThat(config.minHeight()).isEqualTo(1);
    assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.disabledChecks()).isEmpty();
    assertThat(DataValidator.CHECK_IDS).allSatisfy(id -> assertThat(config.enabled(id)).isTrue());
  }

  @Test
  void builder_nullValues_keepDefaults() throws InvalidInputException {
    ValidationConfig config =
        ValidationConfig.builder()
            .optClasses(null)
            .optMaxPixels(null)
            .optMaxImbalance(null)
            .optFailOnImbalance(null)
            .optNearDuplicateDistance(null)
            .optMinWidth(null)
            .optMinHeight(null)
            .optThreads(null)
            .optDisabledChecks(null)
            .build();

    assertThat(config).isEqualTo(ValidationConfig.defaults());
  }

  @Test
  void builder_values_areKept() throws InvalidInputException {
    ValidationConfig config =
        ValidationConfig.builder()
            .optClasses(List.of("cat", "dog"))
            .optMaxPixels(1000L)
            .optMaxImbalance(3.0)
            .optFailOnImbalance(true)
            .optNearDuplicateDistance(0)
            .optMinWidth(32)
            .optMinHeight(24)
            .optThreads(3)
            .optDisabledChecks(Set.of("channels", "near-duplicates"))
            .build();

    assertThat(config)
        .isEqualTo(
            new ValidationConfig(
                List.of("cat", "dog"),
                1000,
                3.0,
                true,
                0,
                32,
                24,
                3,
                Set.of("channels", "near-duplicates")));
    assertThat(config.enabled("channels")).isFalse();
    assertThat(config.enabled("decodable")).isTrue();
  }

  @Test
  void build_invalidValue_throwsNamingFieldAndValue() {
    expectInvalid(b -> b.optMaxPixels(0L), "maxPixels is '0'; must be at least 1", "0");
    expectInvalid(b -> b.optMaxImbalance(0.5), "maxImbalance is '0.5'", "0.5");
    expectInvalid(b -> b.optMaxImbalance(Double.NaN), "maxImbalance is 'NaN'", "NaN");
    expectInvalid(
        b -> b.optNearDuplicateDistance(17),
        "nearDuplicateDistance is '17'; must be in [0,16]",
        "17");
    expectInvalid(b -> b.optMinWidth(0), "minWidth is '0'", "0");
    expectInvalid(b -> b.optMinHeight(-1), "minHeight is '-1'", "-1");
    expectInvalid(b -> b.optThreads(0), "threads is '0'", "0");
    expectInvalid(b -> b.optClasses(List.of("cat", "cat")), "classes is 'cat'; each class", "cat");
    expectInvalid(b -> b.optClasses(List.of("a/b")), "classes is 'a/b'", "a/b");
    expectInvalid(b -> b.optClasses(Arrays.asList("cat", null)), "classes is missing", null);
    expectInvalid(
        b -> b.optDisabledChecks(Set.of("dupes")),
        "disabledChecks is 'dupes'; known checks are decodable, oversized,",
        "dupes");
  }

  @Test
  void constructor_invalidValue_throwsIllegalArgumentNamingTheField() {
    assertThatThrownBy(() -> new ValidationConfig(List.of(), 1, 1.5, false, 4, 1, 1, 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("threads is '0'");
  }

  private static void expectInvalid(
      UnaryOperator<ValidationConfig.Builder> setting, String message, String value) {
    assertThatThrownBy(() -> setting.apply(ValidationConfig.builder()).build())
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.value()).isEqualTo(value))
        .hasMessageStartingWith("invalid validation setting: " + message);
  }
}
