package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded cache of recent predictions: oldest evicted with its file, shared images kept. */
class RecentPredictionsTest {
  @TempDir Path dir;

  private static RecentPredictions.Prediction prediction(String requestId, char sha) {
    return new RecentPredictions.Prediction(
        requestId, String.valueOf(sha).repeat(64), "m", "v1", "red");
  }

  @Test
  void remember_pastCapacity_evictsTheOldestAndItsFile() throws Exception {
    RecentPredictions recent = new RecentPredictions(dir, 2);

    recent.remember(prediction("r1", 'a'), new byte[] {1});
    recent.remember(prediction("r2", 'b'), new byte[] {2});
    recent.remember(prediction("r3", 'c'), new byte[] {3});

    assertThat(recent.size()).isEqualTo(2);
    assertThat(recent.byRequestId("r1")).isEmpty();
    assertThat(recent.bySha("a".repeat(64))).isNull();
    assertThat(dir.resolve("a".repeat(64))).doesNotExist();
    assertThat(recent.bytes("c".repeat(64))).containsExactly(3);
    assertThat(recent.byRequestId("r2")).hasSize(1);
  }

  @Test
  void remember_sameImageTwice_keepsItsFileUntilTheLastPredictionIsEvicted() throws Exception {
    RecentPredictions recent = new RecentPredictions(dir, 2);

    recent.remember(prediction("r1", 'a'), new byte[] {1});
    recent.remember(prediction("r2", 'a'), new byte[] {1});
    recent.remember(prediction("r3", 'b'), new byte[] {2});

    assertThat(recent.bySha("a".repeat(64)).requestId()).isEqualTo("r2");
    assertThat(recent.bytes("a".repeat(64))).containsExactly(1);
    recent.remember(prediction("r4", 'c'), new byte[] {3});
    assertThat(recent.bytes("a".repeat(64))).isNull();
    assertThat(dir.resolve("a".repeat(64))).doesNotExist();
  }

  @Test
  void open_afterARestart_startsEmptyAndClearsOldFiles() throws Exception {
    Files.write(dir.resolve("b".repeat(64)), new byte[] {9});

    RecentPredictions recent = new RecentPredictions(dir, 5);

    assertThat(recent.size()).isZero();
    assertThat(dir).isEmptyDirectory();
  }
}
