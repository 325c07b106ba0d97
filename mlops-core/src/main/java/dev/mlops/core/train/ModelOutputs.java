package dev.mlops.core.train;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files {@code train} writes into the model directory. The {@value Fingerprint#FILE} file is
 * written last and removed first: it is the marker that the other files form one complete model of
 * that fingerprint, since a set of files cannot be replaced atomically.
 */
final class ModelOutputs {
  /** Every output file except the fingerprint marker, in a fixed order. */
  static final List<String> FILES =
      List.of(
          ModelFiles.PARAMS,
          ModelFiles.GRAPH,
          ModelFiles.LABELS,
          ModelFiles.PREPROCESSING,
          TrainingHistory.FILE,
          ModelCard.FILE);

  private ModelOutputs() {}

  /**
   * What the run cache keeps: the files plus the companions'. Companions are not required for "up
   * to date", so that models trained before one existed get it added instead of retraining.
   */
  static List<String> cached(List<ModelCompanion> companions) {
    return Stream.concat(FILES.stream(), companions.stream().map(ModelCompanion::file)).toList();
  }

  /** Whether {@code dir} holds a complete model of {@code fingerprint}. Reads one small file. */
  static boolean upToDate(Path dir, String fingerprint) {
    try {
      String stored = Files.readString(dir.resolve(Fingerprint.FILE), StandardCharsets.UTF_8);
      return stored.trim().equals(fingerprint)
          && FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes the marker before any output file is replaced. */
  static void invalidate(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(Fingerprint.FILE));
  }

  /** Declares the files in {@code dir} complete for {@code fingerprint}. */
  static void seal(Path dir, String fingerprint) throws IOException {
    AtomicFiles.write(
        dir.resolve(Fingerprint.FILE), (fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
