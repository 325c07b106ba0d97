package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Progress;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.drift.ImageFeature;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.store.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /features/{view}/{sha256}} and {@code storeFeatures} on a real server with its own
 * copy of the store: rows as stored, refusals that keep the server serving, and the image-stats of
 * served images equal to what drift detection computes from the same file.
 */
class FeatureRoutesTest {
  @TempDir static Path dir;

  private static ServingFixture fixture;
  private static Path store;
  private static PredictionServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServingFixture.shared();
    store = FeatureFixtures.storeCopy(fixture, dir.resolve("store"));
    List<ImageRef> images =
        fixture.manifest.entries().stream()
            .map(e -> new ImageRef(e.sha256(), fixture.data.resolve(e.path()), e.path()))
            .toList();
    try (FeatureStore features = FeatureStore.open(store)) {
      features.materialize(images, Progress.NONE);
    }
    FeatureFixtures.materialize(fixture, store, e -> true);
    server =
        PredictionServer.start(
            fixture.config().storeRoot(store).storeFeatures(true).build(),
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
  void features_imageStats_answersTheDriftStatisticsByName() throws Exception {
    ManifestEntry entry = fixture.manifest.entries().get(0);
    double[] expected =
        ImageFeatures.of(ImagePreprocessor.read(fixture.data.resolve(entry.path())));

    Http.Answer answer = http.get("/features/image-stats/" + entry.sha256());

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("view").asText()).isEqualTo("image-stats");
    assertThat(body.path("version").asText()).isEqualTo(FeatureView.IMAGE_STATS_VERSION);
    assertThat(body.path("sha256").asText()).isEqualTo(entry.sha256());
    ImageFeature[] columns = ImageFeature.values();
    assertThat(body.path("values").size()).isEqualTo(columns.length);
    for (int i = 0; i < columns.length; i++) {
      assertThat(body.path("values").path(columns[i].id()).asDouble())
          .as(columns[i].id())
          .isEqualTo(expected[i]);
    }
  }

  @Test
  void features_embeddingViewWithSlashes_answersTheVector() throws Exception {
    ManifestEntry entry = fixture.manifest.entries().get(3);
    FeatureView view = FeatureFixtures.viewV1(fixture);
    double[] expected = FeatureFixtures.embedding(fixture, fixture.data.resolve(entry.path()));

    Http.Answer answer = http.get("/features/" + view.name() + "/" + entry.sha256());

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.path("view").asText()).isEqualTo("embedding/colours/v1");
    assertThat(body.path("version").asText()).isEqualTo(view.version());
    assertThat(body.path("dimension").asInt()).isEqualTo(expected.length);
    // Materialized in batches of 16, recomputed here alone: equal up to float rounding.
    for (int i = 0; i < expected.length; i++) {
      assertThat(body.path("values").get(i).asDouble()).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void features_badInput_refusedWithTheFixAndTheServerKeepsServing() throws Exception {
    String sha = fixture.manifest.entries().get(0).sha256();
    String unknownSha = "0".repeat(64);

    Http.Answer badSha = http.get("/features/image-stats/NOT-A-SHA");
    Http.Answer upperSha = http.get("/features/image-stats/" + sha.toUpperCase());
    Http.Answer noView = http.get("/features/" + sha);
    Http.Answer unknownView = http.get("/features/embedding/nope/v9/" + sha);
    Http.Answer unknownRow = http.get("/features/image-stats/" + unknownSha);

    assertThat(badSha.status()).isEqualTo(400);
    assertThat(badSha.json().path("error").asText()).isEqualTo("bad_sha256");
    assertThat(upperSha.status()).isEqualTo(400);
    assertThat(noView.status()).isEqualTo(400);
    assertThat(unknownView.status()).isEqualTo(404);
    assertThat(unknownView.json().path("message").asText())
        .contains("embedding/nope/v9")
        .contains("known views: image-stats, embedding/colours/v1");
    assertThat(unknownRow.status()).isEqualTo(404);
    assertThat(unknownRow.json().path("message").asText())
        .contains(unknownSha)
        .contains("mvn mlops:features");
    assertThat(http.get("/ping").status()).isEqualTo(200);
    assertThat(http.get("/features/image-stats/" + sha).status()).isEqualTo(200);
  }

  @Test
  void storeFeatures_servedImage_storesTheImageStatsDriftComputes() throws Exception {
    byte[] png = ServingFixture.png(1, new Random(4242));
    Path file = Files.write(dir.resolve("served.png"), png);
    String sha = Hashing.sha256(png);

    Http.Answer prediction = http.postImage(ServingFixture.MODEL, png);

    assertThat(prediction.status()).as(prediction.text()).isEqualTo(200);
    double[] stored = awaitImageStats(sha);
    assertThat(stored).containsExactly(ImageFeatures.of(ImagePreprocessor.read(file)));
    Http.Answer answer = http.get("/features/image-stats/" + sha);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("values").path("brightness").asDouble()).isEqualTo(stored[0]);
    assertThat(http.get("/metrics").text())
        .contains("mlops_features_stored_total 1.0")
        .doesNotContain("mlops_features_dropped_total{");
  }

  /** The stored row, waiting (bounded) for the writer thread. */
  private static double[] awaitImageStats(String sha) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    try (FeatureStore features = FeatureStore.open(store)) {
      while (System.nanoTime() < deadline) {
        Optional<double[]> row = features.get(FeatureView.IMAGE_STATS, sha);
        if (row.isPresent()) {
          return row.get();
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no image-stats stored for " + sha + " within 10 s");
  }
}
