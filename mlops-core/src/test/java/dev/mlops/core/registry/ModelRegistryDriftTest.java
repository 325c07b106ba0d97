package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift verdicts recorded per model version: file, commit message, history, sharing. */
class ModelRegistryDriftTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /**
   * A drift verdict that recommends retraining, checked at a fixed time by nobody in particular.
   */
  static DriftRecord drifted(String checkedAt) {
    return new DriftRecord(
        checkedAt,
        null,
        "/data/week-12",
        40,
        DriftRecord.DRIFT,
        true,
        List.of("brightness: KS p 0.0001 < 0.05 and PSI 0.42 >= 0.2"),
        "ab".repeat(32));
  }

  private void twoVersionsWithProduction() throws Exception {
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    f.register(MODEL, "fp-two", manifestId, 4);
    f.models.promote(MODEL, "production", "v2", ChampionGate.recorded(0), false);
  }

  /** The commits that changed {@code path} on the registry branch, newest first. */
  private List<RevCommit> historyOf(String path) throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    try (Git git = Git.open(f.project.toFile())) {
      git.log()
          .add(git.getRepository().resolve("refs/heads/" + RegistryRepository.BRANCH))
          .addPath(path)
          .call()
          .forEach(commits::add);
    }
    return commits;
  }

  @Test
  void recordDrift_byAlias_writesTheVerdictOfItsVersionWithAnAuditMessage() throws Exception {
    twoVersionsWithProduction();

    int version = f.models.recordDrift(MODEL, "production", drifted("2025-03-01T06:00:00Z"), null);

    assertThat(version).isEqualTo(2);
    DriftRecord expected =
        new DriftRecord(
            "2025-03-01T06:00:00Z",
            "Ada Tester <ada@example.org>",
            "/data/week-12",
            40,
            "drift",
            true,
            List.of("brightness: KS p 0.0001 < 0.05 and PSI 0.42 >= 0.2"),
            "ab".repeat(32));
    byte[] stored = f.registry.read("models/pets-cnn/v2/drift.json").orElseThrow();
    assertThat(Json.mapper().readValue(stored, DriftRecord.class)).isEqualTo(expected);
    assertThat(new String(stored, StandardCharsets.UTF_8))
        .contains("\"retrainRecommended\" : true")
        .contains("\"status\" : \"drift\"");
    assertThat(f.models.drift(MODEL, "v2")).contains(expected);
    assertThat(f.models.drift(MODEL, "production")).contains(expected);
    assertThat(f.models.drift(MODEL, "1")).isEmpty();
    assertThat(TestRepos.registryHistory(f.project).get(0).getShortMessage())
        .isEqualTo(
            "drift pets-cnn v2: Ada Tester <ada@example.org> recorded drift (retrain recommended)"
                + " from /data/week-12");
  }

  @Test
  void recordDrift_withoutCheckedAt_stampsTheCurrentTime() throws Exception {
    twoVersionsWithProduction();
    DriftRecord unstamped =
        new DriftRecord(null, null, "incoming", 12, "not-enough-data", false, null, null);

    f.models.recordDrift(MODEL, "v1", unstamped, null);

    DriftRecord stored = f.models.drift(MODEL, "v1").orElseThrow();
    assertThat(stored.checkedAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(stored.checkedBy()).isEqualTo("Ada Tester <ada@example.org>");
    assertThat(stored.reasons()).isEmpty();
    assertThat(stored.reportSha256()).isNull();
    assertThat(TestRepos.registryHistory(f.project).get(0).getShortMessage())
        .isEqualTo(
            "drift pets-cnn v1: Ada Tester <ada@example.org> recorded not-enough-data from"
                + " incoming");
  }

  @Test
  void recordDrift_again_replacesTheVerdictAndKeepsTheOldOneInTheHistory() throws Exception {
    twoVersionsWithProduction();
    f.models.recordDrift(MODEL, "v2", drifted("2025-03-01T06:00:00Z"), null);
    DriftRecord clean =
        new DriftRecord(
            "2025-03-08T06:00:00Z",
            "CI <ci@example.org>",
            "/data/week-13",
            40,
            "no-drift",
            false,
            List.of(),
            null);

    f.models.recordDrift(MODEL, "v2", clean, null);

    assertThat(f.models.drift(MODEL, "v2")).contains(clean);
    List<RevCommit> history = historyOf("models/pets-cnn/v2/drift.json");
    assertThat(history)
        .extracting(RevCommit::getShortMessage)
        .containsExactly(
            "drift pets-cnn v2: CI <ci@example.org> recorded no-drift from /data/week-13",
            "drift pets-cnn v2: Ada Tester <ada@example.org> recorded drift (retrain"
                + " recommended) from /data/week-12");
  }

  @Test
  void recordDrift_unknownVersionOrAlias_isRejectedWithoutACommit() throws Exception {
    twoVersionsWithProduction();
    String head = f.registry.registryHead().orElseThrow();

    assertThatThrownBy(() -> f.models.recordDrift(MODEL, "v9", drifted(null), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no version v9")
        .hasMessageContaining("existing versions: v1, v2");
    assertThatThrownBy(() -> f.models.recordDrift(MODEL, "staging", drifted(null), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no alias 'staging'")
        .hasMessageContaining("existing aliases: production");
    assertThatThrownBy(() -> f.models.drift(MODEL, "v9")).isInstanceOf(InvalidInputException.class);
    assertThat(f.registry.registryHead()).contains(head);
  }

  @Test
  void driftRecord_unknownStatus_isRejected() {
    assertThatThrownBy(() -> new DriftRecord(null, null, "x", 1, "drifted", true, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'drifted'")
        .hasMessageContaining("no-drift, drift, not-enough-data");
  }

  @Test
  void driftRecord_fieldsFromANewerWriter_areIgnoredWhenRead() throws Exception {
    String json =
        "{\"checkedAt\":\"t\",\"checkedBy\":\"b\",\"incoming\":\"i\",\"images\":3,"
            + "\"status\":\"no-drift\",\"retrainRecommended\":false,\"reasons\":[],"
            + "\"alpha\":0.05}";

    DriftRecord read = Json.mapper().readValue(json, DriftRecord.class);

    assertThat(read)
        .isEqualTo(new DriftRecord("t", "b", "i", 3, "no-drift", false, List.of(), null));
  }

  @Test
  void recordDrift_remoteMovedBeforeThePush_recordsAgainOnTopOfIt() throws Exception {
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), f.project);
    try (Git git = Git.open(f.project.toFile())) {
      git.push().setRemote("origin").add("main").call();
    }
    twoVersionsWithProduction();
    f.registry.push("origin", List.of());
    List<String> log = new ArrayList<>();
    RegistryRepository clone = ModelRegistrySharingTest.freshClone(bare, tmp.resolve("clone"));
    // Another machine moves an alias between this one's commit and its push.
    Progress racing =
        new Progress() {
          @Override
          public void info(String message) {
            log.add(message);
            if (message.startsWith("Committed the drift verdict") && log.size() == 1) {
              promoteStagingFrom(clone);
            }
          }

          @Override
          public void warn(String message) {
            log.add(message);
          }
        };

    try (clone) {
      int version =
          new ModelRegistry(f.registry, f.store, racing)
              .recordDrift(MODEL, "production", drifted("2025-03-01T06:00:00Z"), "origin");

      assertThat(version).isEqualTo(2);
    }

    assertThat(log)
        .containsExactly(
            "Committed the drift verdict of model pets-cnn v2 (drift (retrain recommended)) to"
                + " models/pets-cnn/v2/drift.json on the registry branch mlops-registry",
            "Remote 'origin' has new registry commits; recording the drift verdict again",
            "Committed the drift verdict of model pets-cnn v2 (drift (retrain recommended)) to"
                + " models/pets-cnn/v2/drift.json on the registry branch mlops-registry");
    try (RegistryRepository fresh =
        ModelRegistrySharingTest.freshClone(bare, tmp.resolve("fresh"))) {
      ModelRegistry remote = new ModelRegistry(fresh, f.store, Progress.NONE);
      assertThat(remote.drift(MODEL, "v2").map(DriftRecord::checkedAt))
          .isEqualTo(Optional.of("2025-03-01T06:00:00Z"));
      assertThat(remote.aliases(MODEL).get("staging")).isEqualTo(new AliasEntry(1, List.of()));
    }
  }

  private void promoteStagingFrom(RegistryRepository clone) {
    try {
      new ModelRegistry(clone, f.store, Progress.NONE)
          .promote(MODEL, "staging", "v1", ChampionGate.recorded(0), false, "origin");
    } catch (MlopsException e) {
      throw new IllegalStateException("the racing promotion failed", e);
    }
  }
}
