package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback API on a real server and store: records, refusals that write nothing, the page. */
class FeedbackApiTest {
  @TempDir static Path feedback;

  private static ServingFixture fixture;
  private static PredictionServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServingFixture.shared();
    server =
        PredictionServer.start(
            fixture.config().feedbackDirectory(feedback).build(), ServerLog.of(Progress.NONE));
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static JsonNode predict(Http http, byte[] png) {
    Http.Answer answer = http.postImage(ServingFixture.MODEL, png);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json();
  }

  static Http.Answer post(Http http, String json) {
    return http.post("/feedback", json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  static String otherLabel(String label) {
    return ServingFixture.LABELS.stream().filter(l -> !l.equals(label)).findFirst().orElseThrow();
  }

  @Test
  void feedback_byRequestId_storesTheCorrectionWithThePredictionAndTheImage() throws Exception {
    byte[] png = Files.readAllBytes(fixture.testImages().get(0));
    JsonNode prediction = predict(http, png);
    String predicted = prediction.path("label").asText();
    String label = otherLabel(predicted);

    Http.Answer answer =
        post(
            http,
            "{\"requestId\":\""
                + prediction.path("requestId").asText()
                + "\",\"label\":\""
                + label
                + "\",\"userId\":\"ann\",\"comment\":\"it is not\"}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    JsonNode record = answer.json();
    assertThat(record.path("id").asLong()).isPositive();
    assertThat(record.path("model").asText()).isEqualTo(ServingFixture.MODEL);
    assertThat(record.path("version").asText()).isEqualTo("v1");
    assertThat(record.path("predicted").asText()).isEqualTo(predicted);
    assertThat(record.path("label").asText()).isEqualTo(label);
    assertThat(record.path("proposed").asBoolean()).isFalse();
    assertThat(record.path("userId").asText()).isEqualTo("ann");
    assertThat(record.path("imageSha256").asText()).isEqualTo(Hashing.sha256(png));
    assertThat(new ObjectStore(fixture.store).read(Hashing.sha256(png))).isEqualTo(png);
    FeedbackRecord stored = lastRecord();
    assertThat(stored.id()).isEqualTo(record.path("id").asLong());
    assertThat(stored.comment()).isEqualTo("it is not");
    assertThat(http.get("/metrics").text())
        .containsPattern("mlops_feedback_total\\{label_kind=\"correction\"} [1-9]");
  }

  @Test
  void feedback_byImageSha256_isAConfirmationWhenTheLabelIsThePredictedOne() throws Exception {
    JsonNode prediction = predict(http, Files.readAllBytes(fixture.testImages().get(5)));

    Http.Answer answer =
        post(
            http,
            "{\"imageSha256\":\""
                + prediction.path("imageSha256").asText()
                + "\",\"label\":\""
                + prediction.path("label").asText()
                + "\"}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    assertThat(lastRecord().confirmation()).isTrue();
    assertThat(lastRecord().requestId()).isEqualTo(prediction.path("requestId").asText());
  }

  @Test
  void feedback_imageSentAlong_isClassifiedAndStored() throws Exception {
    byte[] png = ServingFixture.png(2, new Random(99));
    String base64 = Base64.getEncoder().encodeToString(png);

    Http.Answer answer = post(http, "{\"image\":\"" + base64 + "\",\"label\":\"red\"}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    assertThat(answer.json().path("predicted").asText()).isIn(ServingFixture.LABELS);
    assertThat(answer.json().has("requestId")).isFalse();
    assertThat(new ObjectStore(fixture.store).has(Hashing.sha256(png))).isTrue();
  }

  @Test
  void feedback_newLabelProposed_isKeptApartAsProposed() throws Exception {
    JsonNode prediction = predict(http, Files.readAllBytes(fixture.testImages().get(1)));

    Http.Answer answer =
        post(
            http,
            "{\"requestId\":\""
                + prediction.path("requestId").asText()
                + "\",\"label\":\"purple\",\"propose\":true}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    assertThat(answer.json().path("proposed").asBoolean()).isTrue();
    assertThat(http.get("/metrics").text())
        .containsPattern("mlops_feedback_total\\{label_kind=\"proposed\"} [1-9]");
  }

  @Test
  void feedback_badInput_answers400AndWritesNothing() throws Exception {
    JsonNode prediction = predict(http, Files.readAllBytes(fixture.testImages().get(2)));
    String id = prediction.path("requestId").asText();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"requestId\":\"" + id + "\",\"label\":\"purple\"}", "unknown_label");
    cases.put("{\"requestId\":\"no-such-request\",\"label\":\"red\"}", "unknown_prediction");
    cases.put(
        "{\"imageSha256\":\"" + "0".repeat(64) + "\",\"label\":\"red\"}", "unknown_prediction");
    cases.put(
        "{\"requestId\":\"" + id + "\",\"label\":\"red\",\"comment\":\"" + "x".repeat(1001) + "\"}",
        "comment_too_long");
    cases.put("{\"requestId\":\"" + id + "\",\"label\":", "malformed_json");
    cases.put("[1,2]", "malformed_json");
    cases.put("{\"requestId\":\"" + id + "\"}", "missing_label");
    cases.put("{\"label\":\"red\"}", "missing_image");
    cases.put("{\"requestId\":\"" + id + "\",\"label\":7}", "bad_label");
    cases.put("{\"requestId\":\"" + id + "\",\"label\":\"red\",\"lable\":\"x\"}", "unknown_field");
    cases.put("{\"image\":\"%%%\",\"label\":\"red\"}", "bad_image");
    cases.put("{\"imageSha256\":\"../../etc/passwd\",\"label\":\"red\"}", "bad_imageSha256");
    cases.put("{\"requestId\":\"" + id + "\",\"label\":\"a/b\",\"propose\":true}", "bad_label");
    long before = FeedbackLog.read(feedback).size();
    long statsBefore = http.get("/feedback/stats").json().path("total").asLong();

    for (Map.Entry<String, String> c : cases.entrySet()) {
      Http.Answer answer = post(http, c.getKey());

      assertThat(answer.status()).as(c.getKey() + " -> " + answer.text()).isEqualTo(400);
      assertThat(answer.json().path("error").asText()).as(c.getKey()).isEqualTo(c.getValue());
      assertThat(answer.json().path("message").asText()).isNotBlank();
    }
    Http.Answer plain =
        http.post(
            "/feedback",
            ("{\"requestId\":\"" + id + "\",\"label\":\"red\"}").getBytes(StandardCharsets.UTF_8),
            "text/plain");
    assertThat(plain.status()).as(plain.text()).isEqualTo(415);
    assertThat(FeedbackLog.read(feedback)).hasSize((int) before);
    assertThat(http.get("/feedback/stats").json().path("total").asLong()).isEqualTo(statsBefore);
    assertThat(
            post(http, "{\"requestId\":\"" + id + "\",\"label\":\"purple\"}")
                .json()
                .path("message")
                .asText())
        .contains("blue", "green", "red", "propose");
  }

  @Test
  void feedbackImages_onlyImagesNamedByFeedback_fromTheStore() throws Exception {
    byte[] png = Files.readAllBytes(fixture.testImages().get(3));
    JsonNode prediction = predict(http, png);
    String sha = prediction.path("imageSha256").asText();
    assertThat(http.get("/feedback/images/" + sha).status()).isEqualTo(404);
    post(http, "{\"imageSha256\":\"" + sha + "\",\"label\":\"green\"}");

    Http.Answer image = http.get("/feedback/images/" + sha);

    assertThat(image.status()).isEqualTo(200);
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.body()).isEqualTo(png);
    assertThat(http.get("/feedback/images/..%2F..%2Fpom.xml").status()).isIn(400, 404);
    assertThat(http.get("/feedback/images/" + sha.toUpperCase()).status()).isEqualTo(404);
  }

  @Test
  void page_isServedWithItsTestHooks() {
    Http.Answer page = http.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text())
        .contains("type=\"file\"", "data-test=\"prediction\"", "data-test=\"correct-label\"")
        .contains("data-test=\"send-feedback\"", "data-test=\"feedback-count\"")
        .doesNotContain("http://", "https://");
    assertThat(http.get("/app.js").status()).isEqualTo(200);
    assertThat(http.get("/app.js").text()).doesNotContain("http://", "https://");
    assertThat(http.get("/app.css").status()).isEqualTo(200);
  }

  private static FeedbackRecord lastRecord() throws Exception {
    List<FeedbackRecord> records = FeedbackLog.read(feedback);
    return records.get(records.size() - 1);
  }
}
