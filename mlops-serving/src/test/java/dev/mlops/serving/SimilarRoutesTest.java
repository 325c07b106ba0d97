package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.store.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /similar/{sha256}} and the candidates' thumbnails on a real server (ONNX Runtime fp32,
 * the default) whose store holds v1's embeddings of every dataset image, materialized with DJL as
 * {@code mlops:features} does: the answer is the exact nearest by a brute-force cosine ranking.
 */
class SimilarRoutesTest {
  @TempDir static Path dir;

  private static ServingFixture fixture;
  private static Path store;
  private static PredictionServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServingFixture.shared();
    store = FeatureFixtures.storeCopy(fixture, dir.resolve("store"));
    FeatureFixtures.materialize(fixture, store, e -> e.split() == Split.TRAIN);
    server =
        PredictionServer.start(
            fixture.config().storeRoot(store).feedbackDirectory(dir.resolve("feedback")).build(),
            ServerLog.of(Progress.NONE));
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static long trainImages() {
    return fixture.manifest.entries().stream().filter(e -> e.split() == Split.TRAIN).count();
  }

  @Test
  void similar_servedImageNotInTheStore_isTheBruteForceNearest() throws Exception {
    byte[] png = ServingFixture.png(2, new Random(777));
    Path file = Files.write(dir.resolve("query.png"), png);
    String sha = Hashing.sha256(png);
    assertThat(http.postImage(ServingFixture.MODEL, png).status()).isEqualTo(200);

    Http.Answer answer = http.get("/similar/" + sha + "?k=5");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("query").asText()).isEqualTo("computed");
    assertThat(body.path("view").asText()).isEqualTo("embedding/colours/v1");
    assertThat(body.path("candidates").asLong()).isEqualTo(trainImages());
    assertThat(body.path("latencyMs").asDouble()).isPositive();
    List<Map.Entry<String, Double>> expected =
        FeatureFixtures.bruteForce(fixture, store, FeatureFixtures.embedding(fixture, file), null);
    assertMatches(body, expected, 5);
    assertThat(body.path("matches").get(0).path("label").asText()).isEqualTo("red");
  }

  @Test
  void similar_trainingImage_readsItsStoredRowAndNeverMatchesItself() throws Exception {
    ManifestEntry query =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.TRAIN && e.label().equals("green"))
            .findFirst()
            .orElseThrow();

    Http.Answer answer = http.get("/similar/" + query.sha256() + "?k=3");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("query").asText()).isEqualTo("stored");
    double[] stored = FeatureFixtures.embedding(fixture, fixture.data.resolve(query.path()));
    assertMatches(body, FeatureFixtures.bruteForce(fixture, store, stored, query.sha256()), 3);
    for (JsonNode match : body.path("matches")) {
      assertThat(match.path("sha256").asText()).isNotEqualTo(query.sha256());
      assertThat(match.path("path").asText()).startsWith("train/");
    }
  }

  @Test
  void similar_testImageFromTheDataset_isComputedFromTheStoredBytes() throws Exception {
    ManifestEntry query =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.TEST)
            .findFirst()
            .orElseThrow();

    Http.Answer answer = http.get("/similar/" + query.sha256());

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("k").asInt()).isEqualTo(5);
    assertThat(answer.json().path("query").asText()).isEqualTo("computed");
    assertMatches(
        answer.json(),
        FeatureFixtures.bruteForce(
            fixture,
            store,
            FeatureFixtures.embedding(fixture, fixture.data.resolve(query.path())),
            null),
        5);
  }

  @Test
  void similar_badInput_refusedWithTheFixAndTheServerKeepsServing() throws Exception {
    String train = firstTrain().sha256();

    Http.Answer badSha = http.get("/similar/xyz");
    Http.Answer badK = http.get("/similar/" + train + "?k=0");
    Http.Answer hugeK = http.get("/similar/" + train + "?k=100000");
    Http.Answer textK = http.get("/similar/" + train + "?k=five");
    Http.Answer unknown = http.get("/similar/" + "a".repeat(64));

    assertThat(badSha.status()).isEqualTo(400);
    assertThat(badSha.json().path("error").asText()).isEqualTo("bad_sha256");
    assertThat(badK.status()).isEqualTo(400);
    assertThat(badK.json().path("message").asText()).contains("from 1 to 100");
    assertThat(hugeK.status()).isEqualTo(400);
    assertThat(textK.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("message").asText()).contains("POST /predictions/colours");
    assertThat(http.get("/ping").status()).isEqualTo(200);
    assertThat(http.get("/similar/" + train).status()).isEqualTo(200);
  }

  @Test
  void candidateImage_onlyTrainingImagesWithEmbeddings_areServed() throws Exception {
    ManifestEntry train = firstTrain();
    ManifestEntry test =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.TEST)
            .findFirst()
            .orElseThrow();
    String modelFile = Hashing.sha256(Files.readAllBytes(fixture.modelV1.resolve("params")));

    assertThat(new dev.mlops.core.store.ObjectStore(store).has(modelFile)).isTrue();

    Http.Answer image = http.get("/similar/images/" + train.sha256());
    Http.Answer testImage = http.get("/similar/images/" + test.sha256());
    Http.Answer storeObject = http.get("/similar/images/" + modelFile);
    Http.Answer badSha = http.get("/similar/images/..%2F..%2Fetc");

    assertThat(image.status()).isEqualTo(200);
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.body()).isEqualTo(Files.readAllBytes(fixture.data.resolve(train.path())));
    assertThat(testImage.status()).isEqualTo(404);
    assertThat(storeObject.status()).isEqualTo(404);
    assertThat(storeObject.body())
        .isNotEqualTo(Files.readAllBytes(fixture.modelV1.resolve("params")));
    assertThat(badSha.status()).isIn(400, 404);
  }

  @Test
  void similar_int8Runtime_computesTheQueryFromTheInt8Model() throws Exception {
    byte[] png = ServingFixture.png(0, new Random(31));
    try (PredictionServer int8 =
        PredictionServer.start(
            fixture
                .config()
                .storeRoot(store)
                .runtime(ServeConfig.Runtime.INT8)
                .feedbackDirectory(dir.resolve("feedback-int8"))
                .build(),
            ServerLog.of(Progress.NONE))) {
      Http client = new Http(int8.url());
      assertThat(client.postImage(ServingFixture.MODEL, png).status()).isEqualTo(200);

      Http.Answer answer = client.get("/similar/" + Hashing.sha256(png) + "?k=3");

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.json().path("query").asText()).isEqualTo("computed");
      assertThat(answer.json().path("matches")).hasSize(3);
      // int8 rounding moves the vector a little, not to another colour.
      assertThat(answer.json().path("matches").get(0).path("label").asText()).isEqualTo("blue");
    }
  }

  @Test
  void similar_latencyOnTheTestData_isReported() throws Exception {
    String stored = firstTrain().sha256();
    String computed =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.VAL)
            .findFirst()
            .orElseThrow()
            .sha256();
    // Reported, not asserted: timings belong in benchmarks/ (docs/benchmarks.md).
    System.out.printf(
        "/similar over %d candidates: stored query p50 %.3f ms, computed query p50 %.3f ms%n",
        trainImages(), medianLatency(stored), medianLatency(computed));
  }

  private static double medianLatency(String sha) {
    http.get("/similar/" + sha);
    double[] ms = new double[50];
    for (int i = 0; i < ms.length; i++) {
      Http.Answer answer = http.get("/similar/" + sha);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      ms[i] = answer.json().path("latencyMs").asDouble();
    }
    Arrays.sort(ms);
    assertThat(ms[0]).isPositive();
    return ms[ms.length / 2];
  }

  private static ManifestEntry firstTrain() {
    return fixture.manifest.entries().stream()
        .filter(e -> e.split() == Split.TRAIN)
        .findFirst()
        .orElseThrow();
  }

  /** The answer's first {@code k} matches are the brute-force ranking's, similarities included. */
  private static void assertMatches(
      JsonNode body, List<Map.Entry<String, Double>> expected, int k) {
    List<String> shas = new ArrayList<>();
    for (JsonNode match : body.path("matches")) {
      shas.add(match.path("sha256").asText());
    }
    assertThat(shas)
        .containsExactlyElementsOf(expected.subList(0, k).stream().map(Map.Entry::getKey).toList());
    for (int i = 0; i < k; i++) {
      JsonNode match = body.path("matches").get(i);
      assertThat(match.path("similarity").asDouble())
          .isCloseTo(expected.get(i).getValue(), within(1e-4));
      ManifestEntry entry =
          fixture.manifest.entries().stream()
              .filter(e -> e.sha256().equals(match.path("sha256").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(match.path("path").asText()).isEqualTo(entry.path());
      assertThat(match.path("label").asText()).isEqualTo(entry.label());
    }
  }
}
