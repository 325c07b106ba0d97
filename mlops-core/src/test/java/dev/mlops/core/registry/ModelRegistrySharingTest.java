package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions and alias moves pushed to a bare remote are what a fresh clone reads. */
class ModelRegistrySharingTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;
  private Path bare;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), f.project);
    try (Git git = Git.open(f.project.toFile())) {
      git.push().setRemote("origin").add("main").call();
    }
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** A fresh clone of the remote, with the registry fetched. */
  static RegistryRepository freshClone(Path bare, Path dir) throws Exception {
    Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(dir.toFile()).call().close();
    RegistryRepository clone = RegistryRepository.open(dir);
    clone.fetch("origin");
    return clone;
  }

  private RegisterRequest pushed(String fingerprint, String manifestId) throws Exception {
    return new RegisterRequest(
        MODEL,
        f.fakeModel(fingerprint, manifestId),
        RegistryFixture.report(fingerprint, manifestId, 3),
        RegistryFixture.DATASET,
        Map.of(),
        Map.of(),
        true,
        "origin");
  }

  @Test
  void registerAndPromote_withPush_areSeenByAFreshClone() throws Exception {
    String manifestId = f.versionedData();

    RegisterResult result = f.models.register(pushed("fp-one", manifestId));
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false, "origin");

    assertThat(result.pushed()).isTrue();
    try (RegistryRepository clone = freshClone(bare, tmp.resolve("clone"))) {
      ModelRegistry models = new ModelRegistry(clone, f.store, Progress.NONE);
      assertThat(models.card(MODEL, "production")).isEqualTo(result.card());
      assertThat(clone.tagTarget("model/pets-cnn/v1")).contains(result.card().sourceCommit());
    }
  }

  @Test
  void register_fromTwoClones_allocatesConsecutiveVersionsOnTheRemote() throws Exception {
    String manifestId = f.versionedData();
    f.models.register(pushed("fp-one", manifestId));

    try (RegistryRepository clone = freshClone(bare, tmp.resolve("clone"))) {
      ModelRegistry other = new ModelRegistry(clone, f.store, Progress.NONE);
      RegisterResult second =
          other.register(
              new RegisterRequest(
                  MODEL,
                  f.fakeModel("fp-two", manifestId),
                  null,
                  RegistryFixture.DATASET,
                  Map.of(),
                  Map.of(),
                  true,
                  "origin"));
      assertThat(second.card().version()).isEqualTo(2);
    }
    RegisterResult third = f.models.register(pushed("fp-three", manifestId));

    assertThat(third.card().version()).isEqualTo(3);
    assertThat(f.models.list(MODEL)).hasSize(3);
  }

  @Test
  void rollback_withPushFromAnotherClone_isSeenAfterFetch() throws Exception {
    String manifestId = f.versionedData();
    f.models.register(pushed("fp-one", manifestId));
    f.models.register(pushed("fp-two", manifestId));
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false, "origin");
    f.models.promote(MODEL, "production", "v2", ChampionGate.recorded(0), false, "origin");

    try (RegistryRepository clone = freshClone(bare, tmp.resolve("clone"))) {
      PromoteResult back =
          new ModelRegistry(clone, f.store, Progress.NONE).rollback(MODEL, "production", "origin");
      assertThat(back.to()).isEqualTo(1);
    }
    f.registry.fetch("origin");

    assertThat(f.models.aliases(MODEL).get("production")).isEqualTo(new AliasEntry(1, List.of()));
  }
}
