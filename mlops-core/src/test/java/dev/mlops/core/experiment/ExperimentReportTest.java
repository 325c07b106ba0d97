package dev.mlops.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.experiment.stats.McNemar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
  @TempDir Path tmp;

  static Experiment experiment(ExperimentMode mode) {
    return new Experiment(
        "exp1",
        "digits",
        Experiment.RUNNING,
        mode,
        0.5,
        new Variant(1, "production"),
        new Variant(2, "v2"),
        null,
        null,
        0.05,
        0.05,
        "2026-12-05T19:00:00Z",
        "test",
        null,
        null,
        null,
        null);
  }

  private ExperimentReportResult analyze(ExperimentLogs logs, Path out, List<String> progress)
      throws Exception {
    logs.write(tmp.resolve("logs"), tmp.resolve("feedback"), logs.lines.size() / 2);
    return new ExperimentReport(ProgressLog.to(progress))
        .analyze(
            ExperimentReportRequest.builder()
                .setExperiment(logs.experiment)
                .setLogDirectory(tmp.resolve("logs"))
                .setFeedbackDirectory(tmp.resolve("feedback"))
                .optOutputDirectory(out)
                .build());
  }

  private static void assertVariant(VariantSummary actual, ExperimentLogs.Expected e) {
    assertThat(actual.users()).isEqualTo(e.users.size());
    assertThat(actual.predictions()).isEqualTo(e.predictions);
    assertThat(actual.shadowScored()).isEqualTo(e.shadowScored);
    assertThat(actual.feedback()).isEqualTo(e.feedback);
    assertThat(actual.corrections()).isEqualTo(e.corrections);
    assertThat(actual.labelled()).isEqualTo(e.labelled);
    assertThat(actual.accuracy()).isCloseTo((double) e.correct / e.labelled, within(1e-12));
    assertThat(actual.classMix()).isEqualTo(e.classMix);
    double[] sorted = e.latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double rank = 0.99 * (sorted.length - 1);
    int below = (int) rank;
    double p99 = sorted[below] + (rank - below) * (sorted[below + 1] - sorted[below]);
    assertThat(actual.latencyP99Ms()).isCloseTo(p99, within(1e-9));
    if (e.predictions > 0) {
      assertThat(actual.correctionRate())
          .isCloseTo((double) e.corrections / e.predictions, within(1e-12));
      assertThat(actual.feedbackRate())
          .isCloseTo((double) e.feedback / e.predictions, within(1e-12));
    }
  }

  @Test
  void splitLogs_countsEqualTheLogs_filesWritten() throws Exception {
    ExperimentLogs logs =
        new ExperimentLogs(experiment(ExperimentMode.SPLIT), 11)
            .users(600, Set.of())
            .unmatchedFeedback()
            .finish();
    List<String> progress = new ArrayList<>();
    Path out = tmp.resolve("target/mlops");

    ExperimentReportResult result = analyze(logs, out, progress);

    assertVariant(result.control(), logs.expected.get("control"));
    assertVariant(result.treatment(), logs.expected.get("treatment"));
    ExperimentReportResult.Inputs in = result.inputs();
    assertThat(in.logFiles()).hasSize(2);
    assertThat(in.malformedLines()).isEqualTo(2); // the garbage line and the torn last line
    assertThat(in.logLines()).isEqualTo(logs.lines.size() + 2);
    assertThat(in.experimentLines())
        .isEqualTo(
            logs.expected.get("control").predictions + logs.expected.get("treatment").predictions);
    assertThat(in.feedbackRecords()).isEqualTo(logs.feedbackLines.size());
    assertThat(in.unmatchedFeedback()).isEqualTo(logs.unmatchedFeedback).isEqualTo(3);
    assertThat(in.supersededFeedback()).isEqualTo(logs.supersededFeedback);
    assertThat(progress)
        .anyMatch(
            line -> line.startsWith("WARN predictions.jsonl:") && line.contains("is not JSON"));
    assertThat(result.statistics().srm().mismatch()).isFalse();
    assertThat(result.verdict()).isNotEqualTo(Verdict.INVALID_SRM);
    assertThat(result.statistics().sequential()).isNotEmpty();
    assertThat(result.summaryLines()).last().asString().startsWith("Decided by the always-valid");

    JsonNode json = Json.mapper().readTree(out.resolve("experiment.json").toFile());
    assertThat(json.path("statistics").path("verdict").asText()).isEqualTo(result.verdict().name());
    assertThat(json.path("control").path("predictions").asLong())
        .isEqualTo(result.control().predictions());
    String html = Files.readString(out.resolve("experiment.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("<h2>Variants</h2>", "p-value over time", result.verdict().label());
  }

  @Test
  void oneVariantsLogsPartlyLost_sampleRatioMismatch_invalid() throws Exception {
    Set<String> dropped = new HashSet<>();
    Experiment experiment = experiment(ExperimentMode.SPLIT);
    IntStream.range(0, 2000)
        .mapToObj(u -> "u" + u)
        .filter(u -> Assignment.variant(experiment, u).equals(Assignment.TREATMENT))
        .filter(u -> Math.floorMod(u.hashCode(), 5) == 0) // a fifth of treatment's users
        .forEach(dropped::add);
    ExperimentLogs logs = new ExperimentLogs(experiment, 5).users(2000, dropped).finish();

    ExperimentReportResult result = analyze(logs, null, new ArrayList<>());

    assertThat(result.verdict()).isEqualTo(Verdict.INVALID_SRM);
    assertThat(result.statistics().srm().pValue()).isLessThan(0.001);
    assertThat(result.verdictText()).startsWith("invalid (sample ratio mismatch): ");
    assertThat(result.jsonFile()).isNull();
  }

  @Test
  void cleanSplitOf2000Users_noMismatch() throws Exception {
    ExperimentLogs logs =
        new ExperimentLogs(experiment(ExperimentMode.SPLIT), 5).users(2000, Set.of()).finish();

    ExperimentReportResult result = analyze(logs, null, new ArrayList<>());

    assertThat(result.statistics().srm().pValue()).isGreaterThan(0.001);
    assertThat(result.verdict()).isNotEqualTo(Verdict.INVALID_SRM);
  }

  @Test
  void shadowLogs_shadowLinesAreNotPredictions_pairsTestedByMcNemar() throws Exception {
    ExperimentLogs logs =
        new ExperimentLogs(experiment(ExperimentMode.SHADOW), 3).users(400, Set.of()).finish();

    ExperimentReportResult result = analyze(logs, null, new ArrayList<>());

    assertVariant(result.control(), logs.expected.get("control"));
    assertVariant(result.treatment(), logs.expected.get("treatment"));
    assertThat(result.treatment().predictions()).isZero();
    assertThat(result.inputs().shadowLines())
        .isEqualTo(logs.expected.get("treatment").shadowScored);
    ExperimentStatistics.PairedTest paired = result.statistics().paired();
    assertThat(paired.bothRight()).isEqualTo(logs.pairsBothRight);
    assertThat(paired.onlyControlRight()).isEqualTo(logs.pairsOnlyControl);
    assertThat(paired.onlyTreatmentRight()).isEqualTo(logs.pairsOnlyTreatment);
    assertThat(paired.bothWrong()).isEqualTo(logs.pairsBothWrong);
    assertThat(paired.pValue())
        .isEqualTo(McNemar.exact(logs.pairsOnlyControl, logs.pairsOnlyTreatment).pValue());
    assertThat(result.statistics().srm()).isNull();
    assertThat(result.statistics().decidedBy()).startsWith("McNemar");
  }

  @Test
  void missingLogDirectory_invalidInputNamingTheSetting() throws Exception {
    Files.createDirectories(tmp.resolve("feedback"));
    ExperimentReportRequest request =
        ExperimentReportRequest.builder()
            .setExperiment(experiment(ExperimentMode.SPLIT))
            .setLogDirectory(tmp.resolve("nope"))
            .setFeedbackDirectory(tmp.resolve("feedback"))
            .build();

    assertThatThrownBy(
            () -> new ExperimentReport(ProgressLog.to(new ArrayList<>())).analyze(request))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nope does not exist")
        .hasMessageContaining("set logDirectory");
  }

  @Test
  void badLookEvery_rejectedByTheBuilder() {
    assertThatThrownBy(
            () ->
                ExperimentReportRequest.builder()
                    .setExperiment(experiment(ExperimentMode.SPLIT))
                    .setLogDirectory(tmp)
                    .setFeedbackDirectory(tmp)
                    .optLookEvery(0)
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lookEvery is '0'");
  }
}
