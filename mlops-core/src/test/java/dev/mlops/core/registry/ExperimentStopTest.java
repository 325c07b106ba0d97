package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentReportRequest;
import dev.mlops.core.experiment.ExperimentStart;
import dev.mlops.core.experiment.ExperimentStop;
import dev.mlops.core.experiment.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping an experiment: the final analysis decides whether the treatment is promoted. */
class ExperimentStopTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;
  private ExperimentRegistry experiments;
  private Path logs;
  private Path feedback;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    f.register(MODEL, "fp-two", manifestId, 3);
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
    experiments = new ExperimentRegistry(f.registry, f.models, Progress.NONE);
    logs = Files.createDirectories(tmp.resolve("serving"));
    feedback = Files.createDirectories(tmp.resolve("feedback"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /**
   * 400 users with 3 predictions each; every prediction gets feedback, corrected with probability
   * {@code controlRate} or {@code treatmentRate} by the user's variant (deterministic per user).
   */
  private void writeLogs(Experiment e, double controlRate, double treatmentRate) throws Exception {
    List<String> predictions = new ArrayList<>();
    List<String> records = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int u = 0; u < 400; u++) {
      String user = "user-" + u;
      String variant = Assignment.variant(e, user);
      String version = e.variant(variant).versionName();
      double rate = variant.equals(Assignment.TREATMENT) ? treatmentRate : controlRate;
      for (int p = 0; p < 3; p++) {
        String request = "r" + u + "-" + p;
        String sha = String.format("%064x", u * 10L + p);
        predictions.add(
            String.format(
                "{\"time\":\"2026-12-05T20:00:00Z\",\"requestId\":\"%s\",\"model\":\"%s\","
                    + "\"version\":\"%s\",\"label\":\"cat\",\"confidence\":0.9,\"latencyMs\":3.0,"
                    + "\"imageSha256\":\"%s\",\"userId\":\"%s\",\"experiment\":\"%s\","
                    + "\"variant\":\"%s\"}",
                request, MODEL, version, sha, user, e.name(), variant));
        String label = random.nextDouble() < rate ? "dog" : "cat";
        records.add(
            String.format(
                "{\"id\":%d,\"time\":\"2026-12-05T20:00:01Z\",\"model\":\"%s\",\"version\":\"%s\","
                    + "\"predicted\":\"cat\",\"label\":\"%s\",\"proposed\":false,"
                    + "\"requestId\":\"%s\",\"imageSha256\":\"%s\",\"userId\":\"%s\"}",
                records.size() + 1, MODEL, version, label, request, sha, user));
      }
    }
    Files.write(logs.resolve("predictions.jsonl"), predictions);
    Files.write(feedback.resolve("feedback.jsonl"), records);
  }

  private ExperimentStop.Result stop(boolean promote) throws Exception {
    return new ExperimentStop(experiments, f.models, Progress.NONE)
        .stop(
            new ExperimentStop.Request(
                MODEL,
                "exp",
                ExperimentReportRequest.builder()
                    .setLogDirectory(logs)
                    .setFeedbackDirectory(feedback)
                    .optOutputDirectory(tmp.resolve("out")),
                promote,
                null,
                ChampionGate.recorded(0),
                null));
  }

  private Experiment start() throws Exception {
    return experiments.start(
        ExperimentStart.builder()
            .setExperiment(MODEL, "exp")
            .setVariants("production", "v2")
            .build());
  }

  @Test
  void stop_treatmentCorrectedLess_promotesItToTheControlsAlias() throws Exception {
    writeLogs(start(), 0.4, 0.1);

    ExperimentStop.Result result = stop(true);

    assertThat(result.report().verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
    assertThat(result.promotion().to()).isEqualTo(2);
    assertThat(f.models.aliases(MODEL).get("production").version()).isEqualTo(2);
    assertThat(result.experiment().running()).isFalse();
    assertThat(result.experiment().promoted()).isEqualTo("v2");
    assertThat(result.experiment().verdict()).startsWith("treatment better");
    assertThat(tmp.resolve("out/experiment.json")).isRegularFile();
    assertThat(result.summaryLines())
        .contains("Moved alias production of model pets-cnn from v1 to v2");
  }

  @Test
  void stop_controlCorrectedLess_keepsTheAliasButStops() throws Exception {
    writeLogs(start(), 0.1, 0.4);

    ExperimentStop.Result result = stop(true);

    assertThat(result.report().verdict()).isEqualTo(Verdict.CONTROL_BETTER);
    assertThat(result.promotion()).isNull();
    assertThat(f.models.aliases(MODEL).get("production").version()).isEqualTo(1);
    assertThat(experiments.running(MODEL)).isEmpty();
  }

  @Test
  void stop_gateRefusesTheWinner_experimentKeepsRunning() throws Exception {
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-worse", manifestId, 1); // v3: accuracy 0.25 against v1's 0.75
    experiments.start(
        ExperimentStart.builder()
            .setExperiment(MODEL, "exp")
            .setVariants("production", "v3")
            .build());
    writeLogs(experiments.get(MODEL, "exp"), 0.4, 0.1);

    assertThatThrownBy(() -> stop(true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("refusing to move alias production");
    assertThat(experiments.running(MODEL)).isPresent();
    assertThat(f.models.aliases(MODEL).get("production").version()).isEqualTo(1);
  }
}
