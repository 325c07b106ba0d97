package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.export.ExportResult;
import dev.mlops.core.train.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which ONNX files of an {@code export-onnx} result may be stored with a model version: only those
 * of this very model (same training fingerprint) whose checks passed. A stale export of an earlier
 * model, or a failed one, is left out with a warning rather than registered under the wrong card.
 */
public final class ExportedFiles {
  private ExportedFiles() {}

  /**
   * The passed ONNX files in {@code exportFile} (an {@code export.json}) if it is an export of the
   * model in {@code modelDirectory}; none when there is no such file, it is of another model, or
   * nothing passed. Says which and why through {@code progress}.
   *
   * @throws MlopsException when a file exists but cannot be read
   */
  public static Map<String, Path> of(Path exportFile, Path modelDirectory, Progress progress)
      throws MlopsException {
    if (!Files.isRegularFile(exportFile)) {
      progress.info("No ONNX export at " + exportFile + "; registering without ONNX files");
      return Map.of();
    }
    ExportResult result = ExportResult.read(exportFile);
    String fingerprint;
    try {
      fingerprint = Fingerprint.readFrom(modelDirectory).orElse("");
    } catch (IOException e) {
      throw new MlopsException("cannot read the fingerprint in " + modelDirectory + ": " + e, e);
    }
    if (!result.fingerprint().equals(fingerprint)) {
      progress.warn(
          "The ONNX export in "
              + exportFile
              + " is of another model (fingerprint "
              + result.fingerprint()
              + ", this model "
              + fingerprint
              + "); registering without it. Export this model to register its ONNX files");
      return Map.of();
    }
    if (!result.passed()) {
      progress.warn(
          "The ONNX export in " + exportFile + " failed its checks; registering without it");
    }
    return result.passedFiles();
  }
}
