package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registrations and promotions racing on one repository lose nothing. */
class ModelRegistryConcurrencyTest {
  private static final int THREADS = 4;
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;

  /** Runs {@code task(i)} for i in [0, THREADS) on separate threads released at once. */
  private static <T> List<T> race(Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int i = t;
        Callable<T> call =
            () -> {
              start.await();
              return task.run(i);
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private interface Task<T> {
    T run(int i) throws Exception;
  }

  @Test
  void register_fourThreadsWithDifferentFingerprints_getConsecutiveVersions() throws Exception {
    try (RegistryFixture f = new RegistryFixture(tmp)) {
      String manifestId = f.versionedData();
      List<Path> dirs = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        dirs.add(f.fakeModel("fp-" + i, manifestId));
      }

      List<Integer> versions =
          race(
              i -> {
                // Each thread opens the repository itself, as separate builds would.
                try (RegistryRepository repo = RegistryRepository.open(f.project)) {
                  return new ModelRegistry(repo, f.store, Progress.NONE)
                      .register(new RegisterRequest(MODEL, dirs.get(i), null, "pets"))
                      .card()
                      .version();
                }
              });

      assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4);
      assertThat(f.models.list(MODEL))
          .extracting(ModelVersionCard::fingerprint)
          .containsExactlyInAnyOrder("fp-0", "fp-1", "fp-2", "fp-3");
      assertThat(f.registry.tags("model/" + MODEL + "/")).hasSize(THREADS);
      List<RevCommit> history = TestRepos.registryHistory(f.project);
      assertThat(history).hasSize(1 + THREADS); // the dataset version, then the models
      for (int i = 0; i < history.size() - 1; i++) {
        assertThat(history.get(i).getParents()).containsExactly(history.get(i + 1));
      }
    }
  }

  @Test
  void promote_fourThreadsMovingOneAlias_loseNoMove() throws Exception {
    try (RegistryFixture f = new RegistryFixture(tmp)) {
      String manifestId = f.versionedData();
      for (int i = 0; i < THREADS; i++) {
        f.register(MODEL, "fp-" + i, manifestId, 4);
      }

      race(
          i -> {
            try (RegistryRepository repo = RegistryRepository.open(f.project)) {
              return new ModelRegistry(repo, f.store, Progress.NONE)
                  .promote(MODEL, "production", "v" + (i + 1), ChampionGate.recorded(0), false);
            }
          });

      AliasEntry entry = f.models.aliases(MODEL).get("production");
      Set<Integer> seen = new HashSet<>(entry.history());
      seen.add(entry.version());
      assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4);
      assertThat(entry.history()).hasSize(THREADS - 1);
      List<RevCommit> history = TestRepos.registryHistory(f.project);
      assertThat(history.subList(0, THREADS))
          .allSatisfy(c -> assertThat(c.getShortMessage()).startsWith("promote pets-cnn:"));
    }
  }

  @Test
  void registerAndPromote_threeProcesses_loseNothing() throws Exception {
    int processes = 3;
    try (RegistryFixture f = new RegistryFixture(tmp)) {
      String manifestId = f.versionedData();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> running = new ArrayList<>();
      List<BufferedReader> outputs = new ArrayList<>();
      try {
        for (int p = 0; p < processes; p++) {
          Path dir = f.fakeModel("fp-" + p, manifestId);
          Process process =
              new ProcessBuilder(
                      java,
                      "-cp",
                      System.getProperty("java.class.path"),
                      ModelRegistryWorker.class.getName(),
                      f.project.toString(),
                      f.store.root().toString(),
                      dir.toString())
                  .redirectErrorStream(true)
                  .start();
          running.add(process);
          outputs.add(
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader output : outputs) {
          assertThat(output.readLine()).isEqualTo("ready");
        }
        // Release all workers at once so that their commits overlap.
        for (Process process : running) {
          process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
          process.getOutputStream().flush();
        }
        for (int p = 0; p < processes; p++) {
          String rest = outputs.get(p).lines().collect(Collectors.joining("\n"));
          assertThat(running.get(p).waitFor(120, TimeUnit.SECONDS)).isTrue();
          assertThat(running.get(p).exitValue()).as(rest).isZero();
          assertThat(rest).startsWith("version=");
        }
      } finally {
        running.forEach(Process::destroy);
      }

      assertThat(f.models.list(MODEL))
          .extracting(ModelVersionCard::version)
          .containsExactly(1, 2, 3);
      AliasEntry entry = f.models.aliases(MODEL).get("production");
      Set<Integer> seen = new HashSet<>(entry.history());
      seen.add(entry.version());
      assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(TestRepos.registryHistory(f.project)).hasSize(1 + 2 * processes);
    }
  }
}
