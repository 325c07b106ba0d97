package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationResultTest {
  @TempDir Path dir;

  private static final ValidationStats STATS =
      new ValidationStats(5, 3 * 1024 * 1024, 1.2, 1.0, 1.8, 2);

  private static ValidationResult result(List<Finding> findings) {
    return ValidationResult.of(
        "abc123",
        Map.of(
            "val", Map.of("dog", 1, "cat", 1),
            "test", Map.of("cat", 1),
            "train", Map.of("dog", 2, "cat", 1)),
        findings,
        STATS);
  }

  private static final Finding WARNING =
      Finding.warning("channels", "mixed channel layouts", List.of("train/dog/g.png"));
  private static final Finding ERROR =
      Finding.error(
          "decodable", "train/cat/x.jpg: not a decodable image", List.of("train/cat/x.jpg"));

  @Test
  void of_findings_errorsFirstAndCounted() {
    ValidationResult result = result(List.of(WARNING, ERROR));

    assertThat(result.findings()).containsExactly(ERROR, WARNING);
    assertThat(result.errors()).isEqualTo(1);
    assertThat(result.warnings()).isEqualTo(1);
    assertThat(result.passed()).isFalse();
  }

  @Test
  void constructor_countsNotMatchingFindings_rejected() {
    assertThatThrownBy(
            () -> new ValidationResult("id", Map.of(), List.of(ERROR), 0, 0, STATS, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeJson_result_writesIndentedJsonWithEveryField() throws Exception {
    Path file = dir.resolve("target/mlops/validation.json");

    result(List.of(WARNING, ERROR)).writeJson(file);

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains("\n  \"counts\" : {").endsWith("}\n");
    JsonNode json = Json.mapper().readTree(text);
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("errors").asInt()).isEqualTo(1);
    assertThat(json.get("warnings").asInt()).isEqualTo(1);
    assertThat(json.get("manifestId").asText()).isEqualTo("abc123");
    assertThat(json.at("/counts/train/dog").asInt()).isEqualTo(2);
    assertThat(json.at("/findings/0/check").asText()).isEqualTo("decodable");
    assertThat(json.at("/findings/0/severity").asText()).isEqualTo("ERROR");
    assertThat(json.at("/findings/0/files/0").asText()).isEqualTo("train/cat/x.jpg");
    assertThat(json.at("/stats/threads").asInt()).isEqualTo(2);
    assertThat(json.at("/stats/decodeSeconds").asDouble()).isEqualTo(1.8);
  }

  @Test
  void writeJson_existingReport_replacedWithoutTemporaryFilesLeft() throws Exception {
    Path file = dir.resolve("validation.json");
    Files.writeString(file, "old");

    result(List.of()).writeJson(file);

    assertThat(Json.mapper().readTree(file.toFile()).get("passed").asBoolean()).isTrue();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writeJson_parentIsAFile_throwsNamingTheReport() throws IOException {
    Path blocker = Files.writeString(dir.resolve("target"), "a file, not a directory");

    assertThatThrownBy(() -> result(List.of()).writeJson(blocker.resolve("validation.json")))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("cannot write the validation report")
        .hasMessageContaining("validation.json");
  }

  @Test
  void summaryLines_result_countsFindingsWithFilesAndVerdict() {
    List<String> lines = result(List.of(WARNING, ERROR)).summaryLines(20);

    assertThat(lines)
        .containsExactly(
            "Dataset: 5 images (3.0 MB) in 3 splits, 2 classes; inspected in 1.0 s on 2 threads",
            "  train: cat 1, dog 2",
            "  val: cat 1, dog 1",
            "  test: cat 1",
            "ERROR [decodable] train/cat/x.jpg: not a decodable image",
            "    train/cat/x.jpg",
            "WARNING [channels] mixed channel layouts",
            "    train/dog/g.png",
            "Validation failed: 1 error, 1 warning");
  }

  @Test
  void summaryLines_manyFiles_showsTheFirstAndCountsTheRest() {
    List<String> files = IntStream.range(0, 25).mapToObj(i -> "train/cat/" + i + ".png").toList();
    Finding many = Finding.warning("min-size", "25 images are small", files);

    List<String> lines = result(List.of(many)).summaryLines(20);

    assertThat(lines).contains("    train/cat/19.png", "    ... and 5 more");
    assertThat(lines).doesNotContain("    train/cat/20.png");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Validation passed: 0 errors, 1 warning");
  }
}
