package dev.mlops.core.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The per-epoch record of a training run ({@code history.json} in the model directory).
 *
 * @param epochs the epochs run, in order
 * @param bestEpoch the epoch whose weights are the model (see {@link EpochStats#betterThan})
 * @param stoppedEarly whether early stopping ended the run before the configured epochs
 * @param validation where the validation images came from ({@code "val split"} or a hold-out)
 */
public record TrainingHistory(
    List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly, String validation) {
  /** The file name in the model directory. */
  public static final String FILE = "history.json";

  /** Copies the list and checks that the best epoch is one of the epochs (or 0 when empty). */
  public TrainingHistory {
    epochs = List.copyOf(epochs);
    Objects.requireNonNull(validation, "validation");
    if (epochs.isEmpty() ? bestEpoch != 0 : bestEpoch < 1 || bestEpoch > epochs.size()) {
      throw new IllegalArgumentException(
          "best epoch " + bestEpoch + " is not one of the " + epochs.size() + " epochs");
    }
  }

  /** The statistics of the best epoch. */
  @JsonIgnore
  public EpochStats best() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch has run");
    }
    return epochs.get(bestEpoch - 1);
  }

  /** The best epoch (1-based) of {@code epochs}; 0 when there is none. */
  public static int bestOf(List<EpochStats> epochs) {
    EpochStats best = null;
    for (EpochStats e : epochs) {
      if (e.betterThan(best)) {
        best = e;
      }
    }
    return best == null ? 0 : best.epoch();
  }

  /**
   * Whether early stopping ends the run after {@code history}: {@code patience} (more than 0)
   * epochs have passed since the best epoch.
   */
  public static boolean patienceExhausted(List<EpochStats> history, int patience) {
    return patience > 0 && !history.isEmpty() && history.size() - bestOf(history) >= patience;
  }

  /** Writes {@code history.json} to {@code dir} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), Json.pretty(this));
  }

  /** Reads {@code history.json} from a model directory. */
  public static TrainingHistory read(Path dir) throws IOException {
    // Tolerant of fields added by later versions (and of derived getters of nested records).
    return Json.mapper()
        .readerFor(TrainingHistory.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(Files.readAllBytes(dir.resolve(FILE)));
  }
}
