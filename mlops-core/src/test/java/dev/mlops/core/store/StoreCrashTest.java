package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL on Linux) a process that stores batches of files at seeded random points, and
 * checks what a crash leaves: every object under its name is complete (its bytes hash to its name),
 * every batch the API reported done is all there, and storing again completes. Bounded: at most
 * {@value #ITERATIONS} kills or {@value #SECONDS} seconds, whichever comes first.
 */
class StoreCrashTest {
  private static final int ITERATIONS = 300;
  private static final int SECONDS = 40;
  private static final int FILES = 50;

  private static final int PARALLEL = 3;

  @TempDir Path tmp;

  private final Set<String> expected = new HashSet<>();

  @Test
  void putAll_killedAtRandomPoints_leavesOnlyCompleteObjectsAndARerunCompletes() throws Exception {
    Path input = Files.createDirectories(tmp.resolve("input"));
    Random random = new Random(20);
    for (int i = 0; i < FILES; i++) {
      byte[] bytes = new byte[1 + random.nextInt(20_000)];
      random.nextBytes(bytes);
      expected.add(Hashing.sha256(Files.write(input.resolve("f" + i), bytes)));
    }
    List<Path> files;
    try (Stream<Path> all = Files.list(input)) {
      files = all.sorted().toList();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    AtomicInteger kills = new AtomicInteger();
    AtomicInteger midBatch = new AtomicInteger();
    // Several children at once: each mostly waits for fsync, so the bound buys more kills.
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<Void>> workers = new ArrayList<>();
      for (int w = 0; w < PARALLEL; w++) {
        Random seeded = new Random(20 + w);
        workers.add(
            pool.submit(
                () -> {
                  for (int k = kills.getAndIncrement();
                      k < ITERATIONS && System.nanoTime() < deadline;
                      k = kills.getAndIncrement()) {
                    midBatch.addAndGet(killAndCheck(input, tmp.resolve("run-" + k), seeded, files));
                  }
                  kills.decrementAndGet(); // the index that was not run
                  return null;
                }));
      }
      for (Future<Void> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "StoreCrashTest: %d kills, %d stores written to when killed%n",
        kills.get(), midBatch.get());
    // A kill that never lands inside a batch would test nothing.
    assertThat(kills.get()).isGreaterThanOrEqualTo(20);
    assertThat(midBatch.get()).isGreaterThanOrEqualTo(kills.get() / 2);
  }

  /**
   * One kill: checks every store the child wrote to, and stores again into the one it was writing
   * when killed. Returns how many stores were incomplete (0 or 1).
   */
  private int killAndCheck(Path input, Path stores, Random random, List<Path> files)
      throws Exception {
    Set<Integer> done = killAtRandom(input, stores, random);
    int incomplete = 0;
    for (Path store : storesOf(stores)) {
      Set<String> present = verifyObjects(store);
      if (done.contains(Integer.parseInt(store.getFileName().toString()))) {
        assertThat(present).as("store %s was reported done", store).isEqualTo(expected);
      } else {
        incomplete++;
        new ObjectStore(store).putAll(files);
        assertThat(verifyObjects(store)).as("store %s after a rerun", store).isEqualTo(expected);
      }
    }
    deleteTree(stores);
    return incomplete;
  }

  /** Runs the child until it is warm, kills it after a random delay; returns the batches done. */
  private Set<Integer> killAtRandom(Path input, Path stores, Random random) throws Exception {
    String classpath =
        Path.of(ObjectStore.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator
            + Path.of(
                StoreCrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                classpath,
                StoreCrashChild.class.getName(),
                input.toString(),
                stores.toString())
            .redirectErrorStream(true)
            .start();
    Set<Integer> done = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("the child's first line").isEqualTo("ready");
      TimeUnit.MICROSECONDS.sleep(random.nextInt(40_000));
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
      // losing the child's last lines.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) {
        if (line.startsWith("done ")) {
          done.add(Integer.parseInt(line.substring(5)));
        }
      }
    } finally {
      child.destroyForcibly();
    }
    return done;
  }

  private static List<Path> storesOf(Path stores) throws IOException {
    if (!Files.isDirectory(stores)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(stores)) {
      return all.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
    }
  }

  /** Every object's bytes hash to its name; returns the names. */
  private static Set<String> verifyObjects(Path store) throws IOException {
    Set<String> names = new HashSet<>();
    Path objects = store.resolve("objects");
    if (!Files.isDirectory(objects)) {
      return names;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(objects)) {
      walk.filter(Files::isRegularFile).forEach(all::add);
    }
    for (Path object : all) {
      String name = object.getParent().getFileName().toString() + object.getFileName();
      assertThat(Hashing.sha256(object)).as("object %s", object).isEqualTo(name);
      names.add(name);
    }
    return names;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
