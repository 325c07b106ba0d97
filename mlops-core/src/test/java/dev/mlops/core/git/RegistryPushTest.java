package dev.mlops.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch-commit-push-retry loop against a real bare remote and real clones. */
class RegistryPushTest {
  private static final int WRITERS = 4;

  @TempDir Path tmp;

  @Test
  void run_noRemote_commitsAndTagsLocallyAndPushesNothing() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("solo"));
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), project);
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      RegistryPush push = new RegistryPush(registry, null, Progress.NONE);

      int version = push.run(() -> allocate(registry, "solo"), v -> tag(registry, v), "v", "again");

      assertThat(push.shared()).isFalse();
      assertThat(version).isEqualTo(1);
      assertThat(registry.tagTarget("dataset/race/v1")).isPresent();
    }
    assertThat(ref(bare, RegistryRepository.BRANCH_REF)).isNull();
    assertThat(tagsIn(bare)).isEmpty();
  }

  @Test
  void run_fourClonesRacingThroughOneRemote_eachValueLandsOnceWithItsTag() throws Exception {
    Path first = TestRepos.initProject(tmp.resolve("w0"));
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), first);
    List<Path> clones = new ArrayList<>(List.of(first));
    for (int i = 1; i < WRITERS; i++) {
      clones.add(TestRepos.initProject(tmp.resolve("w" + i)));
      TestRepos.addOrigin(clones.get(i), bare);
    }
    List<String> retries = Collections.synchronizedList(new ArrayList<>());
    Progress progress = ProgressLog.unprefixed(retries);

    List<Integer> versions =
        race(
            i -> {
              try (RegistryRepository registry = RegistryRepository.open(clones.get(i))) {
                return new RegistryPush(registry, "origin", progress)
                    .run(
                        () -> allocate(registry, "writer-" + i),
                        v -> tag(registry, v),
                        "version of writer " + i,
                        "allocating again");
              }
            });

    assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4);
    try (RegistryRepository check = RegistryRepository.open(first)) {
      check.fetch("origin");
      assertThat(check.list("versions")).containsExactly("v1", "v2", "v3", "v4");
      List<String> writers = new ArrayList<>();
      for (int v = 1; v <= WRITERS; v++) {
        writers.add(new String(check.read("versions/v" + v).orElseThrow(), UTF_8));
      }
      assertThat(writers).containsExactlyInAnyOrder("writer-0", "writer-1", "writer-2", "writer-3");
    }
    assertThat(tagsIn(bare))
        .containsExactlyInAnyOrder(
            "dataset/race/v1", "dataset/race/v2", "dataset/race/v3", "dataset/race/v4");
    // Every lost race was retried, and each retry was said in the log.
    assertThat(retries).allMatch(line -> line.contains("has new registry commits"));
  }

  @Test
  void run_rejectedOnce_tagsOnlyTheVersionTheRemoteAccepted() throws Exception {
    Path alice = TestRepos.initProject(tmp.resolve("alice"));
    Path bob = TestRepos.initProject(tmp.resolve("bob"));
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), alice);
    TestRepos.addOrigin(bob, bare);
    List<Integer> tagged = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      int version =
          new RegistryPush(b, "origin", Progress.NONE)
              .run(
                  () -> {
                    if (runs.incrementAndGet() == 1) {
                      // Alice pushes after Bob's fetch and before Bob's push.
                      pushOne(a, "alice");
                    }
                    return allocate(b, "bob");
                  },
                  v -> {
                    tagged.add(v);
                    return tag(b, v);
                  },
                  "bob's version",
                  "allocating again");

      assertThat(version).isEqualTo(2);
      assertThat(runs).hasValue(2);
      assertThat(tagged).containsExactly(2);
      assertThat(b.registryHead()).contains(ref(bare, RegistryRepository.BRANCH_REF));
    }
    assertThat(tagsIn(bare)).containsExactly("dataset/race/v2");
  }

  @Test
  void run_remoteMovesBeforeEveryPush_givesUpAfterBoundLeavingLocalEqualToRemote()
      throws Exception {
    Path alice = TestRepos.initProject(tmp.resolve("alice"));
    Path bob = TestRepos.initProject(tmp.resolve("bob"));
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), alice);
    TestRepos.addOrigin(bob, bare);
    List<String> log = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    try (RegistryRepository a = RegistryRepository.open(alice);
        RegistryRepository b = RegistryRepository.open(bob)) {
      RegistryPush push = new RegistryPush(b, "origin", ProgressLog.unprefixed(log), 3);

      assertThatThrownBy(
              () ->
                  push.run(
                      () -> {
                        runs.incrementAndGet();
                        pushOne(a, "alice");
                        return allocate(b, "bob");
                      },
                      v -> tag(b, v),
                      "bob's version",
                      "allocating again"))
          .isInstanceOf(MlopsException.class)
          .isNotInstanceOf(RegistryPushRejectedException.class)
          .hasMessageContaining("could not push bob's version to remote 'origin' after 3 attempts")
          .hasMessageContaining("Nothing of this run was pushed")
          .hasMessageContaining("run the command again");

      assertThat(runs).hasValue(3);
      assertThat(log)
          .containsExactly(
              "Remote 'origin' has new registry commits; allocating again",
              "Remote 'origin' has new registry commits; allocating again",
              "Remote 'origin' has new registry commits; allocating again");
      assertThat(b.registryHead()).contains(ref(bare, RegistryRepository.BRANCH_REF));
      assertThat(b.list("versions")).containsExactly("v1", "v2", "v3");
    }
    assertThat(tagsIn(bare)).isEmpty();
  }

  @Test
  void fetch_sameTagsFetchedByRacingThreadsOfOneClone_noConflict() throws Exception {
    Path alice = TestRepos.initProject(tmp.resolve("alice"));
    Path bob = TestRepos.initProject(tmp.resolve("bob"));
    Path bare = TestRepos.initBareOrigin(tmp.resolve("origin.git"), alice);
    TestRepos.addOrigin(bob, bare);
    List<String> names = new ArrayList<>();
    try (RegistryRepository a = RegistryRepository.open(alice)) {
      String head = a.headCommit().orElseThrow();
      for (int i = 0; i < 10; i++) {
        a.createTag("model/race/v" + i, head, "race");
        names.add("model/race/v" + i);
      }
      pushOne(a, "alice");
      a.push("origin", names);
    }

    race(
        i -> {
          try (RegistryRepository b = RegistryRepository.open(bob)) {
            new RegistryPush(b, "origin", Progress.NONE).fetch();
          }
          return i;
        });

    try (RegistryRepository b = RegistryRepository.open(bob)) {
      assertThat(b.tags("model/race/")).hasSize(10);
    }
  }

  @Test
  void constructor_zeroAttempts_throwsNamingTheBound() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      assertThatThrownBy(() -> new RegistryPush(registry, "origin", Progress.NONE, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxAttempts");
    }
  }

  /** Commits versions/v(max+1) with {@code content}. */
  private static RegistryPush.Attempt<Integer> allocate(RegistryRepository registry, String content)
      throws MlopsException {
    int[] allocated = new int[1];
    CommitResult commit =
        registry.commit(
            "allocate",
            snapshot -> {
              allocated[0] = TestRepos.maxVersion(snapshot.list("versions")) + 1;
              return Map.of("versions/v" + allocated[0], content.getBytes(UTF_8));
            });
    return new RegistryPush.Attempt<>(allocated[0], commit);
  }

  private static List<String> tag(RegistryRepository registry, int version) throws MlopsException {
    String name = "dataset/race/v" + version;
    registry.createTag(name, registry.headCommit().orElseThrow(), name);
    return List.of(name);
  }

  /** One more version from {@code registry}, pushed at once (another writer's whole run). */
  private static void pushOne(RegistryRepository registry, String content) throws MlopsException {
    registry.fetch("origin");
    allocate(registry, content);
    registry.push("origin", List.of());
  }

  private interface Task<T> {
    T run(int i) throws Exception;
  }

  /** Runs {@code task(i)} for every writer on its own thread, all released at once. */
  private static <T> List<T> race(Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        int i = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.run(i);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String ref(Path repoDir, String name) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      Ref ref = git.getRepository().exactRef(name);
      return ref == null ? null : ref.getObjectId().name();
    }
  }

  private static List<String> tagsIn(Path repoDir) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      Repository repo = git.getRepository();
      return repo.getRefDatabase().getRefsByPrefix("refs/tags/").stream()
          .map(r -> r.getName().substring("refs/tags/".length()))
          .toList();
    }
  }
}
