package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment whose treatment cannot load, and feedback on answers of either variant. */
class ExperimentReloadTest {
  @TempDir Path tmp;

  @Test
  void corruptTreatmentObject_reloadFails_andTheAliasKeepsServing() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path store = tmp.resolve("store");
    ServingFixture.copyTree(fixture.store, store);
    String sha;
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      sha =
          new ModelRegistry(repo, new ObjectStore(store), Progress.NONE)
              .card(ServingFixture.MODEL, "2")
              .artifact(OnnxExporter.FP32_FILE)
              .orElseThrow()
              .sha256();
    }
    Path object = new ObjectStore(store).objectPath(sha);
    object.toFile().setWritable(true);
    Files.write(object, "not the model".getBytes(StandardCharsets.UTF_8));
    Experiments.RecordingLog log = new Experiments.RecordingLog();
    try (PredictionServer server =
        PredictionServer.start(
            fixture
                .config()
                .projectDirectory(project)
                .storeRoot(store)
                .cacheDirectory(tmp.resolve("cache"))
                .pollSeconds(3600)
                .build(),
            log)) {
      Http http = new Http(server.url());
      Experiments.start(project, store, "broken", ExperimentMode.SPLIT, 0.5);

      Http.Answer reload = http.post("/admin/reload", new byte[0], null);

      assertThat(reload.status()).isEqualTo(500);
      assertThat(reload.json().path("outcome").asText()).isEqualTo("failed");
      assertThat(reload.json().path("error").asText()).contains(sha).contains("corrupt");
      assertThat(reload.json().path("experiment").isNull()).isTrue();
      assertThat(log.warnings)
          .anyMatch(
              w ->
                  w.startsWith(
                      "Reload of colours experiment broken (control v1, treatment v2) failed;"
                          + " still serving v1: "));
      for (String user : new String[] {"u0", "u1", "u2", "u3", "u4", "u5"}) {
        JsonNode answer = ExperimentServingTest.predict(http, fixture, user).json();
        assertThat(answer.path("version").asText()).isEqualTo("v1");
        assertThat(answer.has("experiment")).isFalse();
      }
      assertThat(http.get("/models").json().has("experiment")).isFalse();
      String metrics = http.get("/metrics").text();
      assertThat(metrics).contains("mlops_model_reloads_total{result=\"failure\"} 1.0");
      // v1 was taken for the experiment and given back: nothing stays loaded beside it.
      assertThat(BatchingTest.value(metrics, "mlops_models_loaded")).isEqualTo(1.0);
    }
  }

  @Test
  void feedbackOnEitherVariantsAnswer_recordsTheVersionThatAnswered() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Experiment ab = Experiments.start(project, fixture.store, "fb", ExperimentMode.SPLIT, 0.5);
    try (PredictionServer server =
        PredictionServer.start(
            fixture
                .config()
                .projectDirectory(project)
                .feedbackDirectory(tmp.resolve("feedback"))
                .pollSeconds(3600)
                .build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      for (String variant : new String[] {Assignment.TREATMENT, Assignment.CONTROL}) {
        String user = userIn(ab, variant);
        JsonNode answer = ExperimentServingTest.predict(http, fixture, user).json();
        String label = FeedbackApiTest.otherLabel(answer.path("label").asText());

        Http.Answer stored =
            http.post(
                "/feedback",
                ("{\"requestId\":\""
                        + answer.path("requestId").asText()
                        + "\",\"label\":\""
                        + label
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8),
                "application/json",
                "X-User-Id",
                user);

        assertThat(stored.status()).as(stored.text()).isEqualTo(201);
        assertThat(stored.json().path("version").asText())
            .isEqualTo(ExperimentServingTest.version(variant));
        assertThat(stored.json().path("predicted").asText())
            .isEqualTo(answer.path("label").asText());
        assertThat(stored.json().path("userId").asText()).isEqualTo(user);
      }
    }
  }

  private static String userIn(Experiment experiment, String variant) {
    for (int i = 0; ; i++) {
      if (Assignment.variant(experiment, "user-" + i).equals(variant)) {
        return "user-" + i;
      }
    }
  }
}
