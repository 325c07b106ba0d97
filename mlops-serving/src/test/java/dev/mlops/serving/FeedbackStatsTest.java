package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /feedback/stats}: exact counts, rebuilt from the log after a restart; feedback off.
 */
class FeedbackStatsTest {
  @TempDir Path feedback;

  @Test
  void stats_afterConfirmationsAndCorrections_countThemPerClassVersionAndConfusion()
      throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    ServeConfig config = fixture.config().feedbackDirectory(feedback).build();
    List<Path> images = fixture.testImages();
    String predicted;
    String corrected;
    try (PredictionServer server = PredictionServer.start(config, ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      JsonNode first = FeedbackApiTest.predict(http, Files.readAllBytes(images.get(0)));
      JsonNode second = FeedbackApiTest.predict(http, Files.readAllBytes(images.get(4)));
      predicted = first.path("label").asText();
      corrected = FeedbackApiTest.otherLabel(predicted);
      send(http, first, corrected);
      send(http, first, corrected);
      send(http, second, second.path("label").asText());

      JsonNode stats = http.get("/feedback/stats").json();

      assertStats(stats, predicted, corrected, second.path("label").asText());
      assertThat(stats.path("recentCorrections").get(0).path("id").asLong()).isEqualTo(2);
      assertThat(stats.path("recentCorrections").get(0).path("imageSha256").asText())
          .isEqualTo(first.path("imageSha256").asText());
    }
    try (PredictionServer again = PredictionServer.start(config, ServerLog.of(Progress.NONE))) {
      JsonNode stats = new Http(again.url()).get("/feedback/stats").json();

      assertThat(stats.path("total").asLong()).isEqualTo(3);
      assertThat(stats.path("confusion").get(0).path("count").asLong()).isEqualTo(2);
    }
  }

  private static void assertStats(JsonNode stats, String predicted, String corrected, String ok) {
    assertThat(stats.path("total").asLong()).isEqualTo(3);
    assertThat(stats.path("confirmations").asLong()).isEqualTo(1);
    assertThat(stats.path("corrections").asLong()).isEqualTo(2);
    assertThat(stats.path("proposed").asLong()).isZero();
    assertThat(stats.path("perClass").path(corrected).path("corrections").asLong()).isEqualTo(2);
    assertThat(stats.path("perClass").path(ok).path("confirmations").asLong()).isEqualTo(1);
    assertThat(stats.path("perVersion").path("v1").path("corrections").asLong()).isEqualTo(2);
    assertThat(stats.path("perVersion").path("v1").path("confirmations").asLong()).isEqualTo(1);
    assertThat(stats.path("confusion")).hasSize(1);
    JsonNode cell = stats.path("confusion").get(0);
    assertThat(cell.path("predicted").asText()).isEqualTo(predicted);
    assertThat(cell.path("label").asText()).isEqualTo(corrected);
    assertThat(cell.path("count").asLong()).isEqualTo(2);
    assertThat(stats.path("recentCorrections")).hasSize(2);
  }

  private static void send(Http http, JsonNode prediction, String label) {
    Http.Answer answer =
        FeedbackApiTest.post(
            http,
            "{\"requestId\":\""
                + prediction.path("requestId").asText()
                + "\",\"label\":\""
                + label
                + "\"}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  @Test
  void feedback_withoutFeedbackDirectory_answers404NamingTheSetting() throws Exception {
    ServeConfig config = ServingFixture.shared().config().build();
    try (PredictionServer server = PredictionServer.start(config, ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());

      Http.Answer answer = FeedbackApiTest.post(http, "{\"requestId\":\"x\",\"label\":\"red\"}");

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.json().path("message").asText()).contains("feedbackDirectory");
      assertThat(http.get("/").status()).isEqualTo(200);
    }
  }
}
