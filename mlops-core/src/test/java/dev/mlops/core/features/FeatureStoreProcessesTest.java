package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency acceptance checks, with real separate JVMs ({@link MaterializeWorker}) on one
 * store: two materializations at once store every row exactly once with the values of a single run,
 * and a process killed with SIGKILL mid-way keeps every committed row intact, so the next run
 * computes exactly the rest.
 */
class FeatureStoreProcessesTest {
  private static final int IMAGES = 300;

  @TempDir Path tmp;

  private Path images;
  private List<ImageRef> refs;

  @BeforeEach
  void writeImages() throws Exception {
    images = tmp.resolve("images");
    java.nio.file.Files.createDirectories(images);
    Random random = new Random(5);
    for (int i = 0; i < IMAGES; i++) {
      int w = 3 + random.nextInt(9);
      int h = 3 + random.nextInt(9);
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      ImageIO.write(image, "png", images.resolve(String.format("img-%04d.png", i)).toFile());
    }
    refs = MaterializeWorker.images(images);
  }

  private Process start(Path store, String mode, String... more) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            MaterializeWorker.class.getName(),
            store.toString(),
            images.toString(),
            mode,
            more.length > 0 ? more[0] : "-")
        .redirectErrorStream(true)
        .start();
  }

  private static String finish(Process p) throws Exception {
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("worker finished within 60 s: " + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip().lines().reduce((a, b) -> b).orElse("");
  }

  /** The values of a single in-process run, the reference. */
  private Map<String, double[]> reference() throws Exception {
    try (FeatureStore store = FeatureStore.open(tmp.resolve("reference"))) {
      store.materialize(refs, Progress.NONE);
      return store.getAll(FeatureView.IMAGE_STATS, refs.stream().map(ImageRef::sha256).toList());
    }
  }

  private static int[] counts(String line) {
    return java.util.Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void materialize_twoProcessesOnOneStore_storeEveryRowOnceWithSingleRunValues() throws Exception {
    Path store = tmp.resolve("store");
    Process a = start(store, "fast", "wait");
    Process b = start(store, "fast", "wait");
    var outA = new java.io.BufferedReader(new java.io.InputStreamReader(a.getInputStream()));
    var outB = new java.io.BufferedReader(new java.io.InputStreamReader(b.getInputStream()));
    assertThat(outA.readLine()).isEqualTo("ready");
    assertThat(outB.readLine()).isEqualTo("ready");
    for (Process p : List.of(a, b)) {
      p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    }
    int[] ca = counts(finish(a));
    int[] cb = counts(finish(b));

    long distinct = refs.stream().map(ImageRef::sha256).distinct().count();
    // INSERT OR IGNORE: a row both computed is counted by the one whose insert landed
    assertThat(ca[0] + cb[0]).isEqualTo(distinct);
    assertThat(ca[0] + ca[1]).isEqualTo(distinct);
    assertThat(cb[0] + cb[1]).isEqualTo(distinct);
    assertThat(ca[2] + cb[2]).isZero();
    Map<String, double[]> expected = reference();
    try (FeatureStore s = FeatureStore.open(store)) {
      assertThat(s.count(FeatureView.IMAGE_STATS)).isEqualTo(distinct);
      Map<String, double[]> stored = s.getAll(FeatureView.IMAGE_STATS, expected.keySet());
      assertThat(stored.keySet()).isEqualTo(expected.keySet());
      expected.forEach((sha, v) -> assertThat(stored.get(sha)).as(sha).isEqualTo(v));
    }
  }

  @Test
  void materialize_killedMidWay_keepsEveryCommittedRowAndTheRerunComputesTheRest()
      throws Exception {
    Path store = tmp.resolve("store");
    Process p = start(store, "slow");
    long seen = 0;
    try (FeatureStore watcher = FeatureStore.open(store)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (seen < 24 && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(20);
        seen = watcher.count(FeatureView.IMAGE_STATS);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(seen).as("rows committed before the kill").isGreaterThanOrEqualTo(24);

    Map<String, double[]> expected = reference();
    try (FeatureStore s = FeatureStore.open(store)) {
      long committed = s.count(FeatureView.IMAGE_STATS);
      assertThat(committed).isBetween(seen, (long) IMAGES - 1);
      Map<String, double[]> stored = s.getAll(FeatureView.IMAGE_STATS, expected.keySet());
      assertThat(stored).hasSize((int) committed);
      stored.forEach((sha, v) -> assertThat(v).as(sha).isEqualTo(expected.get(sha)));

      MaterializeResult rerun = s.materialize(refs, Progress.NONE);
      assertThat(rerun.reused()).isEqualTo(committed);
      assertThat(rerun.computed()).isEqualTo(IMAGES - committed);
      assertThat(rerun.computed() + rerun.reused()).isEqualTo(IMAGES);
      assertThat(s.count(FeatureView.IMAGE_STATS)).isEqualTo(IMAGES);
    }
  }
}
