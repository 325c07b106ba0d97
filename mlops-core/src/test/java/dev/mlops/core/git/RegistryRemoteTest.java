package dev.mlops.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clones of a project share the registry through a bare repository on disk. */
class RegistryRemoteTest {
  @TempDir Path tmp;
  private Path bare;
  private Path alice;
  private Path bob;

  @BeforeEach
  void setUp() throws Exception {
    alice = TestRepos.initProject(tmp.resolve("alice"));
    bob = TestRepos.initProject(tmp.resolve("bob"));
    bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), alice);
    TestRepos.addOrigin(bob, bare);
  }

  @Test
  void fetch_remoteWithoutRegistry_leavesLocalBranchAbsent() throws Exception {
    try (RegistryRepository registry = RegistryRepository.open(bob)) {
      registry.fetch("origin");
      assertThat(registry.registryHead()).isEmpty();
    }
  }

  @Test
  void push_branchAndTag_fetchedByOtherClone() throws Exception {
    String pushed;
    String tagTarget;
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      pushed = a.commit("v1", s -> Map.of("versions/v1", "a".getBytes(UTF_8))).head();
      tagTarget = a.headCommit().orElseThrow();
      a.createTag("dataset/cats/v1", tagTarget, "dataset cats v1");
      a.push("origin", List.of("dataset/cats/v1"));
    }
    assertThat(refIn(bare, RegistryRepository.BRANCH_REF)).isEqualTo(pushed);

    try (RegistryRepository b = RegistryRepository.open(bob)) {
      b.fetch("origin");

      assertThat(b.registryHead()).contains(pushed);
      assertThat(b.read("versions/v1")).hasValue("a".getBytes(UTF_8));
      assertThat(b.tagTarget("dataset/cats/v1")).contains(tagTarget);
      assertThat(refIn(bob, "refs/remotes/origin/mlops-registry")).isEqualTo(pushed);
      assertThat(TestRepos.allocateNext(b, "b")).isEqualTo(2);
      b.push("origin", List.of());
      assertThat(refIn(bare, RegistryRepository.BRANCH_REF)).isEqualTo(b.registryHead().get());
    }
  }

  @Test
  void fetch_branchFirstPushedBetweenListingAndFetch_fetchesItAgainAndFastForwards()
      throws Exception {
    String[] pushed = new String[1];
    Runnable alicePushesFirst =
        () -> {
          if (pushed[0] != null) {
            return;
          }
          try (RegistryRepository a = RegistryRepository.open(alice)) {
            TestRepos.allocateNext(a, "a");
            a.push("origin", List.of());
            pushed[0] = a.registryHead().orElseThrow();
          } catch (MlopsException e) {
            throw new IllegalStateException(e);
          }
        };
    try (RegistryRepository b = RegistryRepository.open(bob)) {
      new RegistryRemote(b, RegistryRemote.TRANSPORT_TIMEOUT_SECONDS, alicePushesFirst)
          .fetch("origin");

      assertThat(b.registryHead()).contains(pushed[0]);
      assertThat(b.list("versions")).containsExactly("v1");
    }
  }

  @Test
  void push_tagTheRemoteHasAsAnotherObjectOfTheSameCommit_takesTheRemotesTag() throws Exception {
    String tag = "dataset/cats/v1";
    String commit = sharedRegistryCommit();
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      a.createTag(tag, commit, "tagged by alice");
      a.push("origin", List.of(tag));
      b.createTag(tag, commit, "tagged by bob");

      b.push("origin", List.of(tag));

      assertThat(refIn(bob, "refs/tags/" + tag)).isEqualTo(refIn(bare, "refs/tags/" + tag));
      assertThat(refIn(bob, "refs/tags/" + tag)).isEqualTo(refIn(alice, "refs/tags/" + tag));
      b.fetch("origin");
      assertThat(b.tagTarget(tag)).contains(commit);
    }
  }

  @Test
  void fetch_localTagOfTheSameCommitAsTheRemotes_becomesTheRemotes() throws Exception {
    String tag = "model/m/v1";
    String commit = sharedRegistryCommit();
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      a.createTag(tag, commit, "tagged by alice");
      a.push("origin", List.of(tag));
      b.createTag(tag, commit, "tagged by bob");

      b.fetch("origin");

      assertThat(refIn(bob, "refs/tags/" + tag)).isEqualTo(refIn(alice, "refs/tags/" + tag));
    }
  }

  /** A registry commit Alice pushed and Bob fetched: a tag target both clones have. */
  private String sharedRegistryCommit() throws Exception {
    String commit;
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      TestRepos.allocateNext(a, "a");
      a.push("origin", List.of());
      commit = a.registryHead().orElseThrow();
    }
    try (RegistryRepository b = RegistryRepository.open(bob)) {
      b.fetch("origin");
    }
    return commit;
  }

  @Test
  void fetch_byUrlWithoutConfiguredRemote_fastForwards() throws Exception {
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      TestRepos.allocateNext(a, "a");
      a.push("origin", List.of());
    }
    Path carol = TestRepos.initProject(tmp.resolve("carol"));
    try (RegistryRepository c = RegistryRepository.open(carol)) {
      c.fetch(bare.toUri().toString());
      assertThat(c.list("versions")).containsExactly("v1");
    }
  }

  @Test
  void fetch_localAhead_keepsLocalCommits() throws Exception {
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      TestRepos.allocateNext(a, "a");
      a.push("origin", List.of());
      TestRepos.allocateNext(a, "a2");
      String local = a.registryHead().orElseThrow();

      a.fetch("origin");

      assertThat(a.registryHead()).contains(local);
    }
  }

  @Test
  void push_remoteMovedSinceFetch_throwsRejectedThenDropFetchAndRedoSucceeds() throws Exception {
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      TestRepos.allocateNext(a, "alice");
      a.push("origin", List.of());
      TestRepos.allocateNext(b, "bob");
      String bobsCommit = b.registryHead().orElseThrow();

      assertThatThrownBy(() -> b.push("origin", List.of()))
          .isInstanceOf(RegistryPushRejectedException.class)
          .satisfies(
              e ->
                  assertThat(((RegistryPushRejectedException) e).refs())
                      .containsExactly(RegistryRepository.BRANCH_REF));
      assertThatThrownBy(() -> b.fetch("origin"))
          .isInstanceOf(MlopsException.class)
          .hasMessageContaining("diverged")
          .hasMessageContaining("1 local registry commit(s)")
          .hasMessageContaining("git branch -f mlops-registry origin/mlops-registry");

      assertThat(b.dropLocalCommit(bobsCommit)).isTrue();
      b.fetch("origin");
      assertThat(TestRepos.allocateNext(b, "bob")).isEqualTo(2);
      b.push("origin", List.of());
    }
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      a.fetch("origin");
      assertThat(a.list("versions")).containsExactly("v1", "v2");
      assertThat(a.read("versions/v2")).hasValue("bob".getBytes(UTF_8));
    }
  }

  @Test
  void push_tagExistingOnRemoteWithOtherTarget_throwsNotRejected() throws Exception {
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      a.createTag("model/m/v1", a.headCommit().orElseThrow(), "m");
      a.push("origin", List.of("model/m/v1"));
      b.createTag("model/m/v1", b.headCommit().orElseThrow(), "m");

      assertThatThrownBy(() -> b.push("origin", List.of("model/m/v1")))
          .isInstanceOf(MlopsException.class)
          .isNotInstanceOf(RegistryPushRejectedException.class)
          .hasMessageContaining("refs/tags/model/m/v1");
      assertThatThrownBy(() -> b.fetch("origin"))
          .isInstanceOf(MlopsException.class)
          .hasMessageContaining("model/m/v1")
          .hasMessageContaining("git tag -d");
    }
  }

  @Test
  void dropLocalCommit_rootCommit_deletesBranchAndOtherHeadIsNoOp() throws Exception {
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      TestRepos.allocateNext(a, "a");
      String root = a.registryHead().orElseThrow();
      assertThat(a.dropLocalCommit(a.headCommit().orElseThrow())).isFalse();
      assertThat(a.dropLocalCommit(root)).isTrue();
      assertThat(a.registryHead()).isEmpty();
    }
  }

  private static String refIn(Path repoDir, String ref) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      Repository repo = git.getRepository();
      return repo.exactRef(ref) == null ? null : repo.exactRef(ref).getObjectId().name();
    }
  }
}
