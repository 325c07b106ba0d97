package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API contract on a real server: every route, every error status, and serving after each. */
class PredictionApiTest {
  @TempDir static Path logs;

  private static ServingFixture fixture;
  private static PredictionServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServingFixture.shared();
    server =
        PredictionServer.start(
            fixture
                .config()
                .maxPixels(100 * 100)
                .maxBytes(64 * 1024)
                .logDirectory(logs)
                .keepImages(true)
                .build(),
            ServerLog.of(Progress.NONE));
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void predict_rawPng_answersTheServedVersionWithProbabilitiesOfEveryLabel() throws Exception {
    byte[] png = Files.readAllBytes(fixture.testImages().get(0));

    Http.Answer answer = http.postImage(ServingFixture.MODEL, png);

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("model").asText()).isEqualTo(ServingFixture.MODEL);
    assertThat(body.path("version").asText()).isEqualTo("v1");
    assertThat(body.path("alias").asText()).isEqualTo("production");
    assertThat(body.path("imageSha256").asText()).isEqualTo(Hashing.sha256(png));
    assertThat(body.path("requestId").asText()).isEqualTo(answer.requestId()).isNotBlank();
    assertThat(body.path("latencyMs").asDouble()).isPositive();
    List<String> labels = fieldNames(body.path("probabilities"));
    assertThat(labels).containsExactlyInAnyOrderElementsOf(ServingFixture.LABELS);
    double sum = 0;
    for (String label : labels) {
      sum += body.path("probabilities").path(label).asDouble();
    }
    assertThat(sum).isCloseTo(1.0, within(1e-4));
    assertThat(body.path("label").asText()).isEqualTo(labels.get(0));
    assertThat(body.path("confidence").asDouble())
        .isEqualTo(body.path("probabilities").path(labels.get(0)).asDouble());
  }

  @Test
  void predict_realImages_probabilitiesEqualTheTrainedPredictorWithin1e5() throws Exception {
    try (Predictor predictor = ModelFiles.load(fixture.modelV1)) {
      ImagePreprocessor preprocessor = new ImagePreprocessor(predictor.preprocessing());
      for (Path image : fixture.testImages()) {
        float[] expected =
            predictor.probabilities(preprocessor.tensor(ImagePreprocessor.read(image)), 1)[0];

        JsonNode body = http.postImage(ServingFixture.MODEL, Files.readAllBytes(image)).json();

        for (int i = 0; i < expected.length; i++) {
          String label = predictor.labels().get(i);
          assertThat(body.path("probabilities").path(label).asDouble())
              .as("%s %s", image.getFileName(), label)
              .isCloseTo(expected[i], within(1e-5));
        }
      }
    }
  }

  @Test
  void predict_multipart_answersOneResultPerFileInOrder() throws Exception {
    List<Path> images = fixture.testImages().subList(0, 5);
    List<byte[]> bytes = images.stream().map(PredictionApiTest::read).toList();

    Http.Answer answer = http.postMultipart("/predictions/" + ServingFixture.MODEL, bytes);

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode list = answer.json();
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(list.get(i).path("imageSha256").asText()).isEqualTo(Hashing.sha256(bytes.get(i)));
      JsonNode single = http.postImage(ServingFixture.MODEL, bytes.get(i)).json();
      assertThat(list.get(i).path("label").asText()).isEqualTo(single.path("label").asText());
    }
  }

  @Test
  void predict_topK_keepsTheKMostProbableLabelsInOrder() throws Exception {
    byte[] png = Files.readAllBytes(fixture.testImages().get(3));

    JsonNode body =
        http.post("/predictions/" + ServingFixture.MODEL + "?topK=2", png, "image/png").json();

    List<String> labels = fieldNames(body.path("probabilities"));
    assertThat(labels).hasSize(2).startsWith(body.path("label").asText());
    assertThat(body.path("probabilities").path(labels.get(0)).asDouble())
        .isGreaterThanOrEqualTo(body.path("probabilities").path(labels.get(1)).asDouble());
  }

  @Test
  void errors_everyRefusalIsJsonWithItsStatusAndTheServerKeepsServing() throws Exception {
    byte[] png = Files.readAllBytes(fixture.testImages().get(0));
    String path = "/predictions/" + ServingFixture.MODEL;

    assertError(
        http.post(path, "hello".getBytes(StandardCharsets.UTF_8), "image/png"),
        400,
        "not_an_image");
    assertError(
        http.post(path, Arrays.copyOf(png, png.length / 2), "image/png"), 400, "undecodable");
    assertError(http.post(path, new byte[0], "image/png"), 400, "empty");
    assertError(http.post(path, png(200, 200), "image/png"), 413, "too_many_pixels");
    Http.Answer tooLarge = http.post(path, new byte[100 * 1024], "application/octet-stream");
    assertError(tooLarge, 413, "too_large");
    // Read to its end and dropped (it is within the swallow limit), so the answer cannot be lost to
    // a reset and the connection stays open for the requests below.
    assertThat(tooLarge.headers().firstValue("Connection")).isNotEqualTo(Optional.of("close"));
    assertError(http.post(path, png, "text/plain"), 415, "unsupported_media_type");
    assertError(http.postImage("other-model", png), 404, "unknown_model");
    assertError(http.post(path + "?topK=zero", png, "image/png"), 400, "bad_topK");
    assertError(http.get("/no/such/route"), 404, "not_found");
    assertError(
        http.post(
            "/v2/models/" + ServingFixture.MODEL + "/infer",
            "{not json".getBytes(StandardCharsets.UTF_8),
            "application/json"),
        400,
        "bad_json");
    assertError(
        http.postMultipart(path, List.of(png, "nope".getBytes(StandardCharsets.UTF_8))),
        400,
        "not_an_image");

    assertThat(http.postImage(ServingFixture.MODEL, png).status()).isEqualTo(200);
  }

  @Test
  void health_pingAndV2Health_sayReady() {
    assertThat(http.get("/ping").json().path("status").asText()).isEqualTo("Healthy");
    assertThat(http.get("/v2/health/live").json().path("live").asBoolean()).isTrue();
    assertThat(http.get("/v2/health/ready").json().path("ready").asBoolean()).isTrue();
    assertThat(http.get("/v2/models/" + ServingFixture.MODEL + "/ready").status()).isEqualTo(200);
    assertThat(http.get("/v2/models/nope/ready").status()).isEqualTo(404);
  }

  @Test
  void models_describeTheServedVersionFromItsCard() {
    JsonNode model = http.get("/models").json().path("models").get(0);

    assertThat(model.path("name").asText()).isEqualTo(ServingFixture.MODEL);
    assertThat(model.path("version").asText()).isEqualTo("v1");
    assertThat(model.path("alias").asText()).isEqualTo("production");
    assertThat(model.path("fingerprint").asText()).hasSize(64);
    assertThat(model.path("datasetVersion").asText()).isEqualTo(ServingFixture.DATASET + "@v1");
    assertThat(model.path("metrics").path("accuracy").isNumber()).isTrue();
    assertThat(model.path("runtime").asText()).isEqualTo("onnxruntime-fp32");
    assertThat(model.path("loadedAt").asText()).isNotBlank();
  }

  @Test
  void v2_modelMetadataAndInfer_followTheOpenInferenceProtocol() throws Exception {
    JsonNode meta = http.get("/v2/models/" + ServingFixture.MODEL).json();
    assertThat(meta.path("name").asText()).isEqualTo(ServingFixture.MODEL);
    assertThat(meta.path("inputs").get(0).path("datatype").asText()).isEqualTo("BYTES");
    assertThat(meta.path("outputs").get(0).path("shape").get(1).asInt()).isEqualTo(3);

    byte[] a = Files.readAllBytes(fixture.testImages().get(1));
    byte[] b = Files.readAllBytes(fixture.testImages().get(6));
    String request =
        "{\"id\":\"req-7\",\"inputs\":[{\"name\":\"image\",\"shape\":[2],\"datatype\":\"BYTES\","
            + "\"data\":[\""
            + Base64.getEncoder().encodeToString(a)
            + "\",\""
            + Base64.getEncoder().encodeToString(b)
            + "\"]}]}";
    Http.Answer answer =
        http.post(
            "/v2/models/" + ServingFixture.MODEL + "/infer",
            request.getBytes(StandardCharsets.UTF_8),
            "application/json");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("id").asText()).isEqualTo("req-7");
    assertThat(body.path("model_version").asText()).isEqualTo("v1");
    JsonNode probabilities = body.path("outputs").get(0);
    assertThat(probabilities.path("shape").toString()).isEqualTo("[2,3]");
    JsonNode single = http.postImage(ServingFixture.MODEL, a).json();
    List<String> labels =
        Json.mapper()
            .convertValue(
                body.path("parameters").path("labels"),
                Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
    for (int i = 0; i < 3; i++) {
      assertThat(probabilities.path("data").get(i).asDouble())
          .isCloseTo(single.path("probabilities").path(labels.get(i)).asDouble(), within(1e-9));
    }
    assertThat(body.path("outputs").get(1).path("data").get(0).asText())
        .isEqualTo(single.path("label").asText());
  }

  @Test
  void metrics_exposePredictionsRequestsBatchesModelAndJvm() throws Exception {
    http.postImage(ServingFixture.MODEL, Files.readAllBytes(fixture.testImages().get(2)));

    Http.Answer answer = http.get("/metrics");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("text/plain");
    assertThat(answer.text())
        .contains("mlops_predictions_total{label=")
        .contains("model=\"colours\"")
        .contains("mlops_api_requests_total{route=\"predictions\",status=\"200\"}")
        .contains("mlops_inference_latency_seconds_bucket")
        .contains("mlops_batch_size_count")
        .contains("mlops_queue_depth")
        .contains("mlops_model_accuracy{model=\"colours\",version=\"v1\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void predictionLog_oneJsonLinePerImage_andKeptImagesAreInTheStore() throws Exception {
    byte[] png = ServingFixture.png(2, new Random(99));
    Http.Answer answer =
        http.post("/predictions/" + ServingFixture.MODEL, png, "image/png", "X-User-Id", "ada");
    String sha = answer.json().path("imageSha256").asText();

    List<String> lines = Files.readAllLines(logs.resolve(PredictionLog.FILE));
    JsonNode line =
        lines.stream()
            .map(l -> readTree(l))
            .filter(n -> n.path("imageSha256").asText().equals(sha))
            .findFirst()
            .orElseThrow();
    assertThat(line.path("requestId").asText()).isEqualTo(answer.requestId());
    assertThat(line.path("model").asText()).isEqualTo(ServingFixture.MODEL);
    assertThat(line.path("version").asText()).isEqualTo("v1");
    assertThat(line.path("label").asText()).isEqualTo(answer.json().path("label").asText());
    assertThat(line.path("userId").asText()).isEqualTo("ada");
    assertThat(line.path("stored").asBoolean()).isTrue();
    assertThat(line.has("time") && line.has("confidence") && line.has("latencyMs")).isTrue();
    assertThat(new ObjectStore(fixture.store).read(sha)).isEqualTo(png);
  }

  @Test
  void adminReload_onLoopbackWithoutToken_checksTheRegistry() {
    Http.Answer answer = http.post("/admin/reload", new byte[0], null);

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("outcome").asText()).isEqualTo("unchanged");
    assertThat(answer.json().path("version").asText()).isEqualTo("v1");
  }

  private static void assertError(Http.Answer answer, int status, String error) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.json().path("error").asText()).as(answer.text()).isEqualTo(error);
    assertThat(answer.json().path("message").asText()).isNotBlank();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static byte[] png(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
    return out.toByteArray();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
