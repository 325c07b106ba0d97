package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.ExperimentMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadow mode: control answers, the treatment scores the same image off the response path. */
class ShadowScoringTest {
  @TempDir Path tmp;

  @Test
  void shadowMode_controlAnswers_andTheTreatmentLogsAPairedLine() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path logs = tmp.resolve("logs");
    Experiments.start(project, fixture.store, "shadow1", ExperimentMode.SHADOW, 0.5);
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).logDirectory(logs).pollSeconds(3600).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      for (int i = 0; i < 6; i++) {
        JsonNode answer = ExperimentServingTest.predict(http, fixture, "u" + i).json();
        assertThat(answer.path("variant").asText()).isEqualTo(Assignment.CONTROL);
        assertThat(answer.path("version").asText()).isEqualTo("v1");
        assertThat(answer.path("experiment").asText()).isEqualTo("shadow1");
      }
      HotReloadTest.waitFor("12 log lines", () -> Experiments.logLines(logs).size() == 12);

      Map<String, List<JsonNode>> byRequest =
          Experiments.logLines(logs).stream()
              .collect(Collectors.groupingBy(l -> l.path("requestId").asText()));
      assertThat(byRequest).hasSize(6);
      for (List<JsonNode> pair : byRequest.values()) {
        JsonNode control = pair.stream().filter(l -> !l.has("shadow")).findFirst().orElseThrow();
        JsonNode shadow = pair.stream().filter(l -> l.has("shadow")).findFirst().orElseThrow();
        assertThat(control.path("variant").asText()).isEqualTo("control");
        assertThat(control.path("version").asText()).isEqualTo("v1");
        assertThat(shadow.path("shadow").asBoolean()).isTrue();
        assertThat(shadow.path("variant").asText()).isEqualTo("treatment");
        assertThat(shadow.path("version").asText()).isEqualTo("v2");
        assertThat(shadow.path("experiment").asText()).isEqualTo("shadow1");
        assertThat(shadow.path("imageSha256").asText())
            .isEqualTo(control.path("imageSha256").asText());
        assertThat(shadow.path("userId").asText()).isEqualTo(control.path("userId").asText());
        assertThat(ServingFixture.LABELS).contains(shadow.path("label").asText());
        assertThat(shadow.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(shadow.path("latencyMs").asDouble()).isPositive();
        assertThat(shadow.path("time").asText()).isNotBlank();
      }
      String metrics = http.get("/metrics").text();
      assertThat(metrics)
          .contains(
              "mlops_experiment_predictions_total{experiment=\"shadow1\",variant=\"control\","
                  + "version=\"v1\"} 6.0")
          .contains(
              "mlops_experiment_predictions_total{experiment=\"shadow1\",variant=\"treatment\","
                  + "version=\"v2\"} 6.0")
          .contains("mlops_shadow_pending 0.0");
      // Shadow scores are not answers: the answered-predictions counter has control's only.
      assertThat(metrics.lines().filter(l -> l.startsWith("mlops_predictions_total{")))
          .isNotEmpty()
          .allMatch(l -> l.contains("version=\"v1\""));
    }
  }

  @Test
  void shadowThreadHeld_answersArriveAnyway_andAFullShadowQueueDropsTheRest() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path logs = tmp.resolve("logs");
    Experiments.start(project, fixture.store, "held", ExperimentMode.SHADOW, 0.5);
    CountDownLatch gate = new CountDownLatch(1);
    try (PredictionServer server =
        PredictionServer.start(
            fixture
                .config()
                .projectDirectory(project)
                .logDirectory(logs)
                .queueCapacity(3)
                .pollSeconds(3600)
                .build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      CountDownLatch held = new CountDownLatch(1);
      server
          .shadowForTest()
          .runOnShadowThreadForTest(
              () -> {
                held.countDown();
                try {
                  gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

      for (int i = 0; i < 5; i++) {
        Http.Answer answer = ExperimentServingTest.predict(http, fixture, "u" + i);
        assertThat(answer.json().path("version").asText()).isEqualTo("v1");
      }

      // Every answer came while the shadow thread was held: the shadow work waits, queued.
      assertThat(Experiments.logLines(logs)).hasSize(5).noneMatch(l -> l.has("shadow"));
      String metrics = http.get("/metrics").text();
      assertThat(BatchingTest.value(metrics, "mlops_shadow_pending")).isEqualTo(3.0);
      assertThat(metrics)
          .contains("mlops_shadow_dropped_total{experiment=\"held\",reason=\"queue_full\"} 2.0");

      gate.countDown();
      HotReloadTest.waitFor(
          "the 3 queued shadow lines",
          () -> Experiments.logLines(logs).stream().filter(l -> l.has("shadow")).count() == 3);
      HotReloadTest.waitFor(
          "nothing pending",
          () -> BatchingTest.value(http.get("/metrics").text(), "mlops_shadow_pending") == 0.0);
    } finally {
      gate.countDown();
    }
  }

  @Test
  void sustainedLoad_shadowImagesWaitForIdleTime_andTheRestAreDroppedNotQueuedAhead()
      throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Experiments.start(project, fixture.store, "busy", ExperimentMode.SHADOW, 0.5);
    try (PredictionServer server =
        PredictionServer.start(
            fixture
                .config()
                .projectDirectory(project)
                .logDirectory(tmp.resolve("logs"))
                .pollSeconds(3600)
                .build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      // 16 clients back to back keep the engine busy: shadow images cannot run between answers
      // (the queue would take all 400), so at most Batcher.SHADOW_WAITING wait and more are
      // dropped.
      Load load = new Load(http, ServingFixture.MODEL, BatchingTest.images(fixture), 16, 400);
      load.await();
      assertThat(load.count(200)).isEqualTo(400);
      HotReloadTest.waitFor(
          "nothing pending",
          () -> BatchingTest.value(http.get("/metrics").text(), "mlops_shadow_pending") == 0.0);

      String metrics = http.get("/metrics").text();
      double scored =
          BatchingTest.value(
              metrics,
              "mlops_experiment_predictions_total{experiment=\"busy\",variant=\"treatment\","
                  + "version=\"v2\"}");
      double dropped =
          BatchingTest.value(
              metrics, "mlops_shadow_dropped_total{experiment=\"busy\",reason=\"queue_full\"}");
      assertThat(dropped).isPositive();
      assertThat(scored).isPositive();
      assertThat(scored + dropped).isEqualTo(400);
    }
  }
}
