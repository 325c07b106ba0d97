package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A/B experiments on a real server: picked up by the reload, users routed by their id (header or
 * cookie) the same way on every server, every answer and log line marked, back to the alias when
 * the experiment stops.
 */
class ExperimentServingTest {
  @TempDir Path tmp;

  @Test
  void startedExperiment_reload_routesUsersToBothVersions_andStopReturnsToTheAlias()
      throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path logs = tmp.resolve("logs");
    Experiments.RecordingLog log = new Experiments.RecordingLog();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).logDirectory(logs).pollSeconds(3600).build(),
            log)) {
      Http http = new Http(server.url());
      assertThat(http.get("/models").json().has("experiment")).isFalse();
      Experiment ab = Experiments.start(project, fixture.store, "ab1", ExperimentMode.SPLIT, 0.5);

      Http.Answer reload = http.post("/admin/reload", new byte[0], null);

      assertThat(reload.status()).as(reload.text()).isEqualTo(200);
      assertThat(reload.json().path("outcome").asText()).isEqualTo("reloaded");
      assertThat(reload.json().path("experiment").asText()).isEqualTo("ab1");
      assertThat(log.infos)
          .contains(
              "Serving experiment ab1 of colours: control v1, treatment v2 (split, 50.0% of users"
                  + " to treatment)");
      JsonNode shown = http.get("/models").json().path("experiment");
      assertThat(shown.path("name").asText()).isEqualTo("ab1");
      assertThat(shown.path("mode").asText()).isEqualTo("split");
      assertThat(shown.path("traffic").asDouble()).isEqualTo(0.5);
      assertThat(shown.path("control").path("version").asText()).isEqualTo("v1");
      assertThat(shown.path("treatment").path("version").asText()).isEqualTo("v2");

      Map<String, String> variants = predictAsUsers(http, fixture, ab, 30);
      assertThat(variants.values()).contains(Assignment.CONTROL, Assignment.TREATMENT);
      List<JsonNode> lines = Experiments.logLines(logs);
      assertThat(lines).hasSize(30);
      for (JsonNode line : lines) {
        String variant = variants.get(line.path("userId").asText());
        assertThat(line.path("experiment").asText()).isEqualTo("ab1");
        assertThat(line.path("variant").asText()).isEqualTo(variant);
        assertThat(line.path("version").asText()).isEqualTo(version(variant));
        assertThat(line.has("shadow")).isFalse();
      }
      long treated = variants.values().stream().filter(Assignment.TREATMENT::equals).count();
      String metrics = http.get("/metrics").text();
      assertThat(metrics)
          .contains(
              "mlops_experiment_predictions_total{experiment=\"ab1\",variant=\"treatment\","
                  + "version=\"v2\"} "
                  + (double) treated)
          .contains(
              "mlops_experiment_predictions_total{experiment=\"ab1\",variant=\"control\","
                  + "version=\"v1\"} "
                  + (double) (30 - treated))
          .contains("mlops_models_loaded 2.0");

      Experiments.stop(project, fixture.store, "ab1");
      assertThat(http.post("/admin/reload", new byte[0], null).json().path("outcome").asText())
          .isEqualTo("reloaded");

      assertThat(log.infos).anyMatch(m -> m.startsWith("Stopped serving experiment ab1 of"));
      assertThat(http.get("/models").json().has("experiment")).isFalse();
      String treatedUser = user(variants, Assignment.TREATMENT);
      JsonNode after = predict(http, fixture, treatedUser).json();
      assertThat(after.path("version").asText()).isEqualTo("v1");
      assertThat(after.has("experiment")).isFalse();
      assertThat(after.has("variant")).isFalse();
      JsonNode lastLine = Experiments.logLines(logs).get(30);
      assertThat(lastLine.path("userId").asText()).isEqualTo(treatedUser);
      assertThat(lastLine.has("experiment")).isFalse();
      HotReloadTest.waitFor(
          "v2 closed",
          () -> BatchingTest.value(http.get("/metrics").text(), "mlops_models_loaded") == 1.0);
    }
  }

  @Test
  void openInference_duringAnExperiment_answersWithTheUsersVariant() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Experiment ab =
        Experiments.start(project, fixture.store, "v2-infer", ExperimentMode.SPLIT, 0.5);
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).pollSeconds(3600).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      String image = Base64.getEncoder().encodeToString(BatchingTest.images(fixture).get(0));
      String body =
          "{\"inputs\":[{\"name\":\"image\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\""
              + image
              + "\"]}]}";
      for (String user : List.of("ann", "bob", "cy", "dee", "eve", "fay")) {
        Http.Answer answer =
            http.post(
                "/v2/models/" + ServingFixture.MODEL + "/infer",
                body.getBytes(StandardCharsets.UTF_8),
                "application/json",
                "X-User-Id",
                user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        String variant = Assignment.variant(ab, user);
        assertThat(answer.json().path("parameters").path("experiment").asText())
            .isEqualTo("v2-infer");
        assertThat(answer.json().path("parameters").path("variant").asText()).isEqualTo(variant);
        assertThat(answer.json().path("model_version").asText()).isEqualTo(version(variant));
      }
      assertThat(http.get("/v2/models/" + ServingFixture.MODEL).json().path("versions"))
          .extracting(JsonNode::asText)
          .containsExactly("v1", "v2");
    }
  }

  @Test
  void sameUser_getsTheSameVariant_acrossAServerRestart() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Experiment ab = Experiments.start(project, fixture.store, "sticky", ExperimentMode.SPLIT, 0.5);
    Experiments.RecordingLog log = new Experiments.RecordingLog();
    Map<String, String> before;
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).pollSeconds(3600).build(), log)) {
      before = predictAsUsers(new Http(server.url()), fixture, ab, 20);
    }
    assertThat(log.infos).anyMatch(m -> m.startsWith("Serving experiment sticky of colours"));
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).pollSeconds(3600).build(),
            ServerLog.of(Progress.NONE))) {
      assertThat(predictAsUsers(new Http(server.url()), fixture, ab, 20)).isEqualTo(before);
    }
  }

  @Test
  void requestWithoutUserId_getsACookie_andKeepsItsVariantWithIt() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path logs = tmp.resolve("logs");
    Experiment ab = Experiments.start(project, fixture.store, "cookie", ExperimentMode.SPLIT, 0.5);
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).logDirectory(logs).pollSeconds(3600).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      byte[] png = BatchingTest.images(fixture).get(0);

      Http.Answer first = http.post("/predictions/" + ServingFixture.MODEL, png, "image/png");

      String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie)
          .matches("mlops_user=[0-9a-f-]{36}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
      String user = cookie.substring("mlops_user=".length(), cookie.indexOf(';'));
      String variant = Assignment.variant(ab, user);
      assertThat(first.json().path("variant").asText()).isEqualTo(variant);
      for (int i = 0; i < 3; i++) {
        Http.Answer again =
            http.post(
                "/predictions/" + ServingFixture.MODEL,
                png,
                "image/png",
                "Cookie",
                "mlops_user=" + user);
        assertThat(again.json().path("variant").asText()).isEqualTo(variant);
        assertThat(again.json().path("version").asText()).isEqualTo(version(variant));
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
      }
      assertThat(Experiments.logLines(logs))
          .hasSize(4)
          .allSatisfy(line -> assertThat(line.path("userId").asText()).isEqualTo(user));
      Http.Answer withHeader =
          http.post("/predictions/" + ServingFixture.MODEL, png, "image/png", "X-User-Id", "ann");
      assertThat(withHeader.headers().firstValue("Set-Cookie")).isEmpty();
    }
  }

  /** One prediction per user {@code u0..u<n-1>}; checks each answer; the variant per user. */
  static Map<String, String> predictAsUsers(
      Http http, ServingFixture fixture, Experiment experiment, int n) throws Exception {
    Map<String, String> variants = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String user = "u" + i;
      JsonNode answer = predict(http, fixture, user).json();
      String variant = Assignment.variant(experiment, user);
      assertThat(answer.path("experiment").asText()).isEqualTo(experiment.name());
      assertThat(answer.path("variant").asText()).as(user).isEqualTo(variant);
      assertThat(answer.path("version").asText()).isEqualTo(version(variant));
      variants.put(user, variant);
    }
    return variants;
  }

  static Http.Answer predict(Http http, ServingFixture fixture, String user) throws Exception {
    List<byte[]> images = BatchingTest.images(fixture);
    Http.Answer answer =
        http.post(
            "/predictions/" + ServingFixture.MODEL,
            images.get(Math.floorMod(user.hashCode(), images.size())),
            "image/png",
            "X-User-Id",
            user);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer;
  }

  /** The fixture's experiments run control v1 against treatment v2. */
  static String version(String variant) {
    return Assignment.TREATMENT.equals(variant) ? "v2" : "v1";
  }

  private static String user(Map<String, String> variants, String variant) {
    return new ArrayList<>(variants.entrySet())
        .stream().filter(e -> e.getValue().equals(variant)).findFirst().orElseThrow().getKey();
  }
}
