package dev.mlops.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
  @TempDir Path dir;

  private static EvaluationReport report() throws Exception {
    EvaluationMetrics metrics = Fixtures.metrics();
    List<GateResult> gates =
        new QualityGates(0.9, 0.5, null, "production", 0.05).check(metrics, BaselineProvider.NONE);
    return new EvaluationReport(
        new ModelInfo("cnn-small", "f1ngerprint", "m4nifest", Split.TEST), metrics, gates);
  }

  @Test
  void write_thenRead_givesAnEqualReport() throws Exception {
    EvaluationReport report = report();
    Path file = dir.resolve("target/mlops").resolve(EvaluationReport.FILE_NAME);

    report.write(file);
    EvaluationReport back = EvaluationReport.read(file);

    assertThat(back).isEqualTo(report);
    assertThat(back.metrics().confusion()).isDeepEqualTo(new int[][] {{1, 0}, {1, 2}});
    assertThat(back.metrics().logLoss()).isEqualTo(report.metrics().logLoss());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void write_jsonHasModelInfoMetricsGatesAndVerdict() throws Exception {
    Path file = dir.resolve(EvaluationReport.FILE_NAME);

    report().write(file);
    JsonNode json = Json.mapper().readTree(file.toFile());

    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.at("/model/split").asText()).isEqualTo("test");
    assertThat(json.at("/model/architecture").asText()).isEqualTo("cnn-small");
    assertThat(json.at("/model/manifestId").asText()).isEqualTo("m4nifest");
    assertThat(json.at("/metrics/accuracy").asDouble()).isEqualTo(0.75);
    assertThat(json.at("/metrics/confusion/1/0").asInt()).isEqualTo(1);
    assertThat(json.at("/metrics/perClass/1/label").asText()).isEqualTo("dog");
    assertThat(json.at("/metrics/mostConfidentMistakes/0/file").asText()).isEqualTo("dog/2.png");
    assertThat(json.at("/gates/0/message").asText())
        .isEqualTo("accuracy 0.75 is below the gate minAccuracy=0.9");
    assertThat(json.get("gates")).hasSize(3);
  }

  @Test
  void failures_oneGateMissed_listsOnlyIt() throws Exception {
    EvaluationReport report = report();

    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(GateResult::metric).containsExactly("accuracy");
  }

  @Test
  void read_missingFile_saysToEvaluateFirst() {
    Path file = dir.resolve("evaluation.json");

    assertThatThrownBy(() -> EvaluationReport.read(file))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("no evaluation report at " + file);
  }

  @Test
  void read_notAReport_namesTheFile() throws Exception {
    Path file = dir.resolve("evaluation.json");
    Files.writeString(file, "{\"metrics\": [1, 2]}");

    assertThatThrownBy(() -> EvaluationReport.read(file))
        .isInstanceOf(MlopsException.class)
        .hasMessageStartingWith("cannot read the evaluation report " + file);
  }
}
