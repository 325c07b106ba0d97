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
          .contains(
              "mvn mlops:features -Dmlops.features.views=embedding"
                  + " -Dmlops.features.embeddingModel=v1");
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

  @Test
  void similar_afterHotReload_readsTheNewVersionsView() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(dir.resolve("project"));
    Path store = FeatureFixtures.storeCopy(fixture, dir.resolve("store"));
    FeatureFixtures.materialize(fixture, store, e -> e.split() == Split.TRAIN);
    String query = fixture.manifest.entries().get(0).sha256();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).storeRoot(store).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      Http.Answer v1 = http.get("/similar/" + query);
      assertThat(v1.status()).as(v1.text()).isEqualTo(200);
      assertThat(v1.json().path("view").asText()).isEqualTo("embedding/colours/v1");

      HotReloadTest.promote(project, store, "2");
      assertThat(server.reload()).isEqualTo(ModelSlot.Outcome.RELOADED);

      Http.Answer v2 = http.get("/similar/" + query);
      assertThat(v2.status()).as(v2.text()).isEqualTo(409);
      assertThat(v2.json().path("message").asText()).contains("embedding/colours/v2");
    }
  }
}
