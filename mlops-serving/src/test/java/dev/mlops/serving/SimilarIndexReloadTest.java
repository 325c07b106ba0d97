package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.Split;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without embeddings {@code /similar} answers 409 naming the goal that makes them; once they are
 * materialized while the server runs, the index is rebuilt from the store without a restart.
 */
class SimilarIndexReloadTest {
  @TempDir Path dir;

  @Test
  void similar_embeddingsMaterializedWhileServing_409ThenTheIndexFollowsTheStore()
      throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path store = FeatureFixtures.storeCopy(fixture, dir.resolve("store"));
    String query =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.TEST)
            .findFirst()
            .orElseThrow()
            .sha256();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().storeRoot(store).build(), ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());

      Http.Answer none = http.get("/similar/" + query);
      assertThat(none.status()).as(none.text()).isEqualTo(409);
      assertThat(none.json().path("error").asText()).isEqualTo("embeddings_not_materialized");
      assertThat(none.json().path("message").asText())
          .contains("embedding/colours/v1")
          .contains("mvn mlops:features -Dmlops.features.views=image-stats,embedding");
      assertThat(http.get("/similar/images/" + query).status()).isEqualTo(404);

      FeatureFixtures.materialize(
          fixture, store, e -> e.split() == Split.TRAIN && e.label().equals("red"));
      Thread.sleep(SimilarIndex.RECHECK_NANOS / 1_000_000 + 100);
      Http.Answer red = http.get("/similar/" + query + "?k=3");
      assertThat(red.status()).as(red.text()).isEqualTo(200);
      assertThat(red.json().path("candidates").asInt()).isEqualTo(12);

      FeatureFixtures.materialize(fixture, store, e -> e.split() == Split.TRAIN);
      Thread.sleep(SimilarIndex.RECHECK_NANOS / 1_000_000 + 100);
      Http.Answer all = http.get("/similar/" + query + "?k=3");
      assertThat(all.json().path("candidates").asInt()).isEqualTo(36);
      assertThat(http.get("/ping").status()).isEqualTo(200);
    }
  }
}
