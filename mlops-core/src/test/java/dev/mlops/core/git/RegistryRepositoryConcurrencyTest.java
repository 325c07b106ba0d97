package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers racing on one registry branch never lose a commit nor share a version number. */
class RegistryRepositoryConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void commit_eightThreadsOnOneRepository_allocateDistinctConsecutiveVersions() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    int threads = 8;
    int perThread = 2;
    List<Integer> allocated = new ArrayList<>();
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Integer>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = "thread-" + t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Integer> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(TestRepos.allocateNext(registry, id));
                  }
                  return mine;
                }));
      }
      start.countDown();
      for (Future<List<Integer>> f : futures) {
        allocated.addAll(f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();
    }

    int total = threads * perThread;
    assertThat(allocated).containsExactlyInAnyOrderElementsOf(range(total));
    assertLinearHistoryAddingOneVersionPerCommit(project, total);
  }

  @Test
  void commit_threeProcessesOnOneRepository_allocateDistinctConsecutiveVersions() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    int processes = 3;
    int perProcess = 5;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        Process process =
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    RegistryCommitWorker.class.getName(),
                    project.toString(),
                    String.valueOf(perProcess),
                    "process-" + p)
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
        assertThat(rest).startsWith("attempts=");
      }
    } finally {
      running.forEach(Process::destroy);
    }

    assertLinearHistoryAddingOneVersionPerCommit(project, processes * perProcess);
  }

  @Test
  void commit_branchMovedWhileChangeRuns_reRunsChangeOnNewHead() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      List<Integer> seen = new ArrayList<>();
      CommitResult result =
          registry.commit(
              "slow writer",
              snapshot -> {
                int next = TestRepos.maxVersion(snapshot.list("versions")) + 1;
                seen.add(next);
                if (seen.size() == 1) {
                  TestRepos.allocateNext(registry, "fast writer");
                }
                return Map.of("versions/v" + next, "slow".getBytes(StandardCharsets.UTF_8));
              });

      assertThat(seen).containsExactly(1, 2);
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(registry.read("versions/v1"))
          .hasValue("fast writer".getBytes(StandardCharsets.UTF_8));
      assertThat(registry.read("versions/v2")).hasValue("slow".getBytes(StandardCharsets.UTF_8));
    }
    assertLinearHistoryAddingOneVersionPerCommit(project, 2);
  }

  /** Each commit has one parent (none for the first) and adds exactly the next version. */
  private static void assertLinearHistoryAddingOneVersionPerCommit(Path project, int total)
      throws Exception {
    List<RevCommit> history = TestRepos.registryHistory(project);
    assertThat(history).hasSize(total);
    try (Git git = Git.open(project.toFile())) {
      for (int i = 0; i < total; i++) {
        RevCommit commit = history.get(total - 1 - i);
        assertThat(commit.getParentCount()).isEqualTo(i == 0 ? 0 : 1);
        assertThat(versionsIn(git, commit)).containsExactlyInAnyOrderElementsOf(range(i + 1));
      }
    }
  }

  private static List<Integer> versionsIn(Git git, RevCommit commit) throws Exception {
    List<Integer> versions = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(git.getRepository())) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        versions.add(Integer.parseInt(walk.getNameString().substring(1)));
      }
    }
    return versions;
  }

  private static List<Integer> range(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }
}
