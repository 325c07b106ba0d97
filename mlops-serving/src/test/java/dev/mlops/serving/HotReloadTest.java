package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.DriftRecord;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload when the alias moves: under load, from origin, and refusing a corrupt version. */
class HotReloadTest {
  @TempDir Path tmp;

  @Test
  void promote_underLoad_swapsToTheNewVersionWithZeroFailedRequests() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).pollInterval(Duration.ofMillis(200)).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      Load load = new Load(http, ServingFixture.MODEL, BatchingTest.images(fixture), 4, 100_000);
      waitFor("v1 answers", () -> load.answered("v1") >= 50);

      promote(project, fixture.store, "2");
      waitFor("v2 answers", () -> load.answered("v2") >= 50);
      load.close();

      assertThat(load.failures).isEmpty();
      assertThat(load.statuses.keySet()).containsOnly(200);
      assertThat(http.get("/models").json().path("models").get(0).path("version").asText())
          .isEqualTo("v2");
      assertThat(BatchingTest.value(http.get("/metrics").text(), "mlops_model_reloads_total"))
          .isEqualTo(1.0);
      // v1 closed once its last request was answered: no native memory kept per reload.
      waitFor(
          "v1 closed",
          () -> BatchingTest.value(http.get("/metrics").text(), "mlops_models_loaded") == 1.0);
    }
  }

  @Test
  void aliasMovedOnOrigin_isFetchedAndServed() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path upstream = fixture.copyProject(tmp.resolve("upstream"));
    Path clone = tmp.resolve("clone");
    Git.cloneRepository()
        .setURI(upstream.toUri().toString())
        .setDirectory(clone.toFile())
        .call()
        .close();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(clone).pollInterval(Duration.ofMillis(200)).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      assertThat(version(http)).isEqualTo("v1");

      promote(upstream, fixture.store, "2");

      waitFor("v2 served from origin", () -> version(http).equals("v2"));
    }
  }

  @Test
  void corruptStoreObject_isNotSwappedIn_theOldVersionKeepsServing() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    Path store = tmp.resolve("store");
    ServingFixture.copyTree(fixture.store, store);
    ObjectStore objects = new ObjectStore(store);
    ModelVersionCard v2 = card(project, objects, "2");
    String sha = v2.artifact(OnnxExporter.FP32_FILE).orElseThrow().sha256();
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    ServerLog log =
        new ServerLog() {
          @Override
          public void info(String message, java.util.Map<String, Object> fields) {}

          @Override
          public void warn(String message, java.util.Map<String, Object> fields) {
            warnings.add(message);
          }
        };
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
      promote(project, store, "2");
      // Damaged after the promotion (which checks every object first), before the server's check.
      Path object = objects.objectPath(sha);
      object.toFile().setWritable(true);
      Files.write(object, "not the model".getBytes());

      Http.Answer reload = http.post("/admin/reload", new byte[0], null);

      assertThat(reload.status()).isEqualTo(500);
      assertThat(reload.json().path("outcome").asText()).isEqualTo("failed");
      assertThat(reload.json().path("error").asText()).contains(sha).contains("corrupt");
      assertThat(warnings).anyMatch(w -> w.contains("still serving v1"));
      assertThat(version(http)).isEqualTo("v1");
      Http.Answer predicted =
          http.postImage(ServingFixture.MODEL, BatchingTest.images(fixture).get(0));
      assertThat(predicted.status()).isEqualTo(200);
      assertThat(predicted.json().path("version").asText()).isEqualTo("v1");
      assertThat(http.get("/metrics").text())
          .contains("mlops_model_reloads_total{result=\"failure\"} 1.0");
    }
  }

  @Test
  void driftRecordedForTheServedVersion_showsInTheDriftScoreAfterTheNextCheck() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path project = fixture.copyProject(tmp.resolve("project"));
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().projectDirectory(project).pollSeconds(3600).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      assertThat(http.get("/metrics").text()).doesNotContain("mlops_data_drift_score{");
      try (RegistryRepository repo = RegistryRepository.open(project)) {
        new ModelRegistry(repo, new ObjectStore(fixture.store), Progress.NONE)
            .recordDrift(
                ServingFixture.MODEL,
                "production",
                new DriftRecord(
                    null,
                    null,
                    "incoming",
                    40,
                    DriftRecord.DRIFT,
                    true,
                    List.of("brightness"),
                    null),
                null);
      }

      assertThat(http.post("/admin/reload", new byte[0], null).json().path("outcome").asText())
          .isEqualTo("unchanged");

      assertThat(http.get("/metrics").text())
          .contains("mlops_data_drift_score{model=\"colours\",version=\"v1\"} 1.0");
    }
  }

  private static String version(Http http) {
    return http.get("/models").json().path("models").get(0).path("version").asText();
  }

  static void promote(Path project, Path store, String version) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new ModelRegistry(repo, new ObjectStore(store), Progress.NONE)
          .promote(ServingFixture.MODEL, "production", version, ChampionGate.recorded(1.0), true);
    }
  }

  private static ModelVersionCard card(Path project, ObjectStore store, String version)
      throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return new ModelRegistry(repo, store, Progress.NONE).card(ServingFixture.MODEL, version);
    }
  }

  /** Polls {@code condition} every 50 ms for at most 60 s. */
  static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + what);
      }
      Thread.sleep(50);
    }
  }
}
