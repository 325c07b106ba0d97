package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {
  @Test
  void bestOf_highestValAccuracyWins() {
    assertThat(TrainingHistory.bestOf(List.of(epoch(1, 0.5, 0.3), epoch(2, 0.8, 0.9))))
        .isEqualTo(2);
  }

  @Test
  void bestOf_accuracyTie_lowerValLossWins() {
    assertThat(TrainingHistory.bestOf(List.of(epoch(1, 0.8, 0.5), epoch(2, 0.8, 0.4))))
        .isEqualTo(2);
  }

  @Test
  void bestOf_fullTie_earlierEpochWins() {
    assertThat(TrainingHistory.bestOf(List.of(epoch(1, 0.8, 0.4), epoch(2, 0.8, 0.4))))
        .isEqualTo(1);
  }

  @Test
  void bestOf_noEpochs_isZero() {
    assertThat(TrainingHistory.bestOf(List.of())).isZero();
  }

  @Test
  void patienceExhausted_countsEpochsSinceTheBest() {
    List<EpochStats> history = List.of(epoch(1, 0.5, 0.5), epoch(2, 0.9, 0.5), epoch(3, 0.8, 0.4));

    assertThat(TrainingHistory.patienceExhausted(history, 1)).isTrue();
    assertThat(TrainingHistory.patienceExhausted(history, 2)).isFalse();
    assertThat(TrainingHistory.patienceExhausted(history.subList(0, 2), 1)).isFalse();
    assertThat(TrainingHistory.patienceExhausted(history, 0)).as("0 = off").isFalse();
    assertThat(TrainingHistory.patienceExhausted(List.of(), 1)).isFalse();
  }

  @Test
  void constructor_bestEpochOutsideHistory_isRejected() {
    assertThatThrownBy(
            () -> new TrainingHistory(List.of(epoch(1, 0.5, 0.5)), 2, false, "val split"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("best epoch 2");
  }

  @Test
  void writeAndRead_roundTripsExactly(@TempDir Path dir) throws IOException {
    TrainingHistory history =
        new TrainingHistory(List.of(epoch(1, 0.5, 0.7), epoch(2, 0.75, 0.1 / 3)), 2, true, "x");

    history.write(dir);

    assertThat(TrainingHistory.read(dir)).isEqualTo(history);
    assertThat(TrainingHistory.read(dir).best().epoch()).isEqualTo(2);
  }

  static EpochStats epoch(int n, double valAccuracy, double valLoss) {
    return new EpochStats(n, 1.0, 0.5, valLoss, valAccuracy, 0.001, 2.0, 100.0, 0.1, 1.9);
  }
}
