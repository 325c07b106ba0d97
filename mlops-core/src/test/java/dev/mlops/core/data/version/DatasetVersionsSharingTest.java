package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions registered concurrently, and shared through a bare Git remote. */
class DatasetVersionsSharingTest {
  @TempDir Path tmp;

  @Test
  void version_twoThreadsWithDifferentContents_getDistinctV1AndV2() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp.resolve("a"))) {
      f.write("train/cat/a.png", "cat-a");
      Manifest first = f.scan();
      Path otherData = tmp.resolve("b");
      Files.createDirectories(otherData.resolve("train/dog"));
      Files.writeString(otherData.resolve("train/dog/d.png"), "dog-d");
      Manifest second =
          new DatasetScanner(Progress.NONE)
              .scan(new ScanConfig(otherData, SplitPolicy.DEFAULT, null))
              .manifest();
      List<VersionRequest> requests =
          List.of(
              new VersionRequest("pets", first, f.data, Optional.empty(), false),
              new VersionRequest("pets", second, otherData, Optional.empty(), false));

      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<VersionResult>> futures = new ArrayList<>();
      for (VersionRequest request : requests) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return f.versions.version(request);
                }));
      }
      start.countDown();
      List<DatasetCard> cards = new ArrayList<>();
      for (Future<VersionResult> future : futures) {
        VersionResult result = future.get(60, TimeUnit.SECONDS);
        assertThat(result.created()).isTrue();
        cards.add(result.card());
      }
      pool.shutdown();

      assertThat(cards).extracting(DatasetCard::version).containsExactlyInAnyOrder(1, 2);
      assertThat(f.versions.list("pets"))
          .extracting(DatasetCard::manifestId)
          .containsExactlyInAnyOrder(first.id(), second.id());
      assertThat(f.versions.list("pets").get(1).parent()).isEqualTo("v1");
      assertThat(f.registry.tags("dataset/pets/")).hasSize(2);
    }
  }

  @Test
  void version_push_freshCloneFetchesListsAndChecksOutIdenticalBytes() throws Exception {
    Path bare = tmp.resolve("origin.git");
    Path sharedStore = tmp.resolve("store");
    Manifest manifest;
    String source;
    try (DatasetFixture alice =
        new DatasetFixture(tmp.resolve("alice"), sharedStore, Progress.NONE)) {
      TestRepos.initBareOrigin(bare, alice.project);
      alice.write("train/cat/a.png", "cat-a").write("val/dog/b.png", "dog-b");
      manifest = alice.scan();
      VersionResult result =
          alice.versions.version(
              new VersionRequest("pets", manifest, alice.data, Optional.empty(), true));
      assertThat(result.pushed()).isTrue();
      assertThat(result.summaryLines())
          .contains("Pushed the registry branch and the tags of dataset pets");
      source = alice.registry.headCommit().orElseThrow();
      try (Git git = Git.open(alice.project.toFile())) {
        git.push().setRemote("origin").add("main").call();
      }
    }
    assertThat(peeledTag(bare, "dataset/pets/v1")).isEqualTo(source);

    Path clone = tmp.resolve("clone");
    Git.cloneRepository()
        .setURI(bare.toUri().toString())
        .setDirectory(clone.toFile())
        .call()
        .close();
    try (RegistryRepository registry = RegistryRepository.open(clone)) {
      registry.fetch("origin");
      DatasetVersions versions =
          new DatasetVersions(registry, new ObjectStore(sharedStore), Progress.NONE);

      assertThat(versions.list("pets"))
          .extracting(DatasetCard::sourceCommit)
          .containsExactly(source);
      assertThat(versions.manifest("pets", 1)).isEqualTo(manifest);
      assertThat(registry.tagTarget("dataset/pets/v1")).contains(source);
      Path restored = tmp.resolve("restored");
      versions.checkout("pets", 1, restored, false, null);
      assertThat(Files.readString(restored.resolve("val/dog/b.png"))).isEqualTo("dog-b");
      assertThat(Files.readString(restored.resolve("train/cat/a.png"))).isEqualTo("cat-a");
    }
  }

  @Test
  void version_pushAfterOtherPushed_fetchesFirstAndBecomesV2() throws Exception {
    Path bare = tmp.resolve("origin.git");
    try (DatasetFixture alice = new DatasetFixture(tmp.resolve("alice"));
        DatasetFixture bob = new DatasetFixture(tmp.resolve("bob"))) {
      TestRepos.initBareOrigin(bare, alice.project);
      TestRepos.addOrigin(bob.project, bare);
      alice.write("train/cat/a.png", "alice");
      push(alice);
      bob.write("train/cat/a.png", "bob");

      VersionResult result = push(bob);

      assertThat(result.card().version()).isEqualTo(2);
      assertThat(result.card().parent()).isEqualTo("v1");
      assertThat(ref(bare, "refs/heads/mlops-registry"))
          .isEqualTo(bob.registry.registryHead().get());
    }
  }

  @Test
  void version_remoteMovedBetweenCommitAndPush_redoesVersionOnTopOfRemote() throws Exception {
    Path bare = tmp.resolve("origin.git");
    AtomicBoolean raced = new AtomicBoolean();
    List<DatasetFixture> aliceHolder = new ArrayList<>();
    Progress racingProgress =
        new Progress() {
          @Override
          public void info(String message) {
            // Alice pushes right after Bob's local commit and before Bob's push.
            if (message.startsWith("Committed dataset") && raced.compareAndSet(false, true)) {
              try {
                push(aliceHolder.get(0));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }

          @Override
          public void warn(String message) {}
        };
    try (DatasetFixture alice = new DatasetFixture(tmp.resolve("alice"));
        DatasetFixture bob =
            new DatasetFixture(tmp.resolve("bob"), tmp.resolve("bob-store"), racingProgress)) {
      aliceHolder.add(alice);
      TestRepos.initBareOrigin(bare, alice.project);
      TestRepos.addOrigin(bob.project, bare);
      alice.write("train/cat/a.png", "alice");
      bob.write("train/cat/a.png", "bob");

      VersionResult result = push(bob);

      assertThat(raced).isTrue();
      assertThat(result.card().version()).isEqualTo(2);
      assertThat(result.card().parent()).isEqualTo("v1");
      assertThat(result.pushed()).isTrue();
      String remoteHead = ref(bare, "refs/heads/mlops-registry");
      assertThat(bob.registry.registryHead()).contains(remoteHead);
      assertThat(TestRepos.registryHistory(bob.project)).hasSize(2);
      assertThat(peeledTag(bare, "dataset/pets/v1"))
          .isEqualTo(alice.registry.headCommit().orElseThrow());
      assertThat(peeledTag(bare, "dataset/pets/v2"))
          .isEqualTo(bob.registry.headCommit().orElseThrow());
      assertThat(bob.versions.list("pets"))
          .extracting(DatasetCard::manifestId)
          .containsExactly(alice.scan().id(), bob.scan().id());
    }
  }

  private static VersionResult push(DatasetFixture f) throws Exception {
    return f.versions.version(new VersionRequest("pets", f.scan(), f.data, Optional.empty(), true));
  }

  private static String ref(Path repoDir, String ref) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      return git.getRepository().exactRef(ref).getObjectId().name();
    }
  }

  private static String peeledTag(Path repoDir, String tag) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      Repository repo = git.getRepository();
      return repo.resolve("refs/tags/" + tag + "^{commit}").name();
    }
  }
}
