package dev.mlops.core.model;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A trained model directory as one zip (what a build publishes as an artifact). The zip's bytes are
 * a function of the model alone (fixed entry times, fixed order), and an existing zip of the same
 * model is kept, so a build where nothing changed does not compress the parameters again.
 */
public final class ModelArchive {
  // Written by the trainer (train depends on model, not the other way round); the trainer seals a
  // model directory with the fingerprint last, so the same fingerprint is the same model.
  private static final String FINGERPRINT = "fingerprint";

  /** The files of a model directory that go into the zip, in this order. */
  public static final List<String> FILES =
      List.of(
          ModelFiles.PARAMS,
          ModelFiles.GRAPH,
          ModelFiles.LABELS,
          ModelFiles.PREPROCESSING,
          "history.json",
          "card.json",
          FINGERPRINT);

  private ModelArchive() {}

  /**
   * Makes {@code zip} hold the model in {@code modelDirectory}: kept when it already holds a model
   * with the same fingerprint, written (atomically) otherwise.
   *
   * @return whether the zip was written
   * @throws MlopsException when the zip cannot be written
   */
  public static boolean write(Path modelDirectory, Path zip) throws MlopsException {
    try {
      if (sameModel(modelDirectory, zip)) {
        return false;
      }
      Files.createDirectories(zip.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".model", ".zip.tmp");
      try {
        try (OutputStream out = Files.newOutputStream(tmp);
            ZipOutputStream z = new ZipOutputStream(out)) {
          for (String file : FILES) {
            Path source = modelDirectory.resolve(file);
            if (Files.isRegularFile(source)) {
              ZipEntry entry = new ZipEntry(file);
              // A fixed time keeps the archive's bytes a function of the model alone.
              entry.setTime(0L);
              z.putNextEntry(entry);
              Files.copy(source, z);
              z.closeEntry();
            }
          }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    } catch (IOException e) {
      throw new MlopsException("cannot write " + zip + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code zip} exists and carries the fingerprint file of {@code modelDirectory}. */
  private static boolean sameModel(Path modelDirectory, Path zip) throws IOException {
    Path fingerprint = modelDirectory.resolve(FINGERPRINT);
    if (!Files.isRegularFile(zip) || !Files.isRegularFile(fingerprint)) {
      return false;
    }
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      ZipEntry entry = archive.getEntry(FINGERPRINT);
      if (entry == null) {
        return false;
      }
      try (InputStream in = archive.getInputStream(entry)) {
        String zipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return zipped.equals(Files.readString(fingerprint, StandardCharsets.UTF_8));
      }
    } catch (ZipException e) {
      return false; // a damaged zip is written again
    }
  }
}
