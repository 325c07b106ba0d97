package dev.mlops.core.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.drift.Baseline;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.train.Fingerprint;
import dev.mlops.core.train.ModelCard;
import dev.mlops.core.train.TrainingHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of a trained model directory that a model version records: the files to store and what
 * its {@code card.json} and {@code fingerprint} say.
 *
 * @param fingerprint the training fingerprint (from the {@code fingerprint} marker file)
 * @param manifestId the manifest id of the training data (from {@code card.json})
 * @param architecture the architecture name
 * @param hyperparameters the training settings as written in {@code card.json}
 * @param initFromSha256 the SHA-256 of the parameters it was warm-started from, or null
 * @param initFromOrigin what an imported warm-start file was (file name and description), or null
 * @param files the files to store, by artifact name, model files first
 */
record ModelSource(
    String fingerprint,
    String manifestId,
    String architecture,
    Map<String, Object> hyperparameters,
    String initFromSha256,
    String initFromOrigin,
    Map<String, Path> files) {
  /**
   * Stored when present: the training history, and the drift baseline (models trained before drift
   * detection have none; {@code drift-check} then says how to add it).
   */
  static final List<String> OPTIONAL = List.of(TrainingHistory.FILE, Baseline.FILE);

  /** The files every trained model directory has. */
  static final List<String> REQUIRED =
      List.of(
          ModelFiles.PARAMS,
          ModelFiles.GRAPH,
          ModelFiles.LABELS,
          ModelFiles.PREPROCESSING,
          ModelCard.FILE,
          Fingerprint.FILE);

  private static final Pattern ARTIFACT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};

  /** Reads {@code dir} and adds the extra artifacts. */
  static ModelSource read(Path dir, Map<String, Path> extra) throws MlopsException {
    Map<String, Path> files = modelFiles(dir);
    addExtra(files, extra);
    JsonNode card = readCard(dir.resolve(ModelCard.FILE));
    String fingerprint = readText(dir.resolve(Fingerprint.FILE));
    String cardFingerprint = card.path("fingerprint").asText("");
    if (fingerprint.isEmpty() || !fingerprint.equals(cardFingerprint)) {
      throw new InvalidInputException(
          dir
              + " is not a complete trained model: its fingerprint file ("
              + fingerprint
              + ") does not match card.json ("
              + cardFingerprint
              + "); train again",
          fingerprint,
          Remedy.run(Stage.TRAIN));
    }
    String manifestId = card.path("manifestId").asText("");
    if (manifestId.isEmpty()) {
      throw new InvalidInputException(
          dir.resolve(ModelCard.FILE) + " has no manifestId; train again",
          dir.toString(),
          Remedy.run(Stage.TRAIN));
    }
    Map<String, Object> hyperparameters =
        Json.mapper().convertValue(card.path("hyperparameters"), OBJECT_MAP);
    return new ModelSource(
        fingerprint,
        manifestId,
        card.path("architecture").asText(null),
        hyperparameters,
        card.path("initFromSha256").asText(null),
        card.path("initFromOrigin").asText(null),
        files);
  }

  /**
   * The metrics of {@code report}, or null without one.
   *
   * @throws InvalidInputException when the report is of another model
   */
  EvaluationMetrics metricsOf(EvaluationReport report, Path dir) throws InvalidInputException {
    if (report == null) {
      return null;
    }
    String evaluated = report.model() == null ? null : report.model().fingerprint();
    if (evaluated != null && !evaluated.equals(fingerprint)) {
      throw new InvalidInputException(
          "the evaluation report is of the model with fingerprint "
              + evaluated
              + ", not of "
              + dir
              + " ("
              + fingerprint
              + "); evaluate again before registering",
          evaluated,
          Remedy.run(Stage.EVALUATE));
    }
    return report.metrics();
  }

  private static Map<String, Path> modelFiles(Path dir) throws InvalidInputException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : REQUIRED) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(
            dir + " is not a complete trained model: " + name + " is missing; train a model first",
            file.toString(),
            Remedy.run(Stage.TRAIN));
      }
      files.put(name, file);
    }
    for (String optional : OPTIONAL) {
      if (Files.isRegularFile(dir.resolve(optional))) {
        files.put(optional, dir.resolve(optional));
      }
    }
    return files;
  }

  private static void addExtra(Map<String, Path> files, Map<String, Path> extra)
      throws InvalidInputException {
    for (Map.Entry<String, Path> e : new java.util.TreeMap<>(extra).entrySet()) {
      String name = e.getKey();
      if (!ARTIFACT_NAME.matcher(name).matches() || files.containsKey(name)) {
        throw new InvalidInputException(
            "artifact name '"
                + name
                + "' is not valid: use a plain file name (letters, digits, '.', '_', '-') that is"
                + " not one of the model files "
                + files.keySet(),
            name);
      }
      if (!Files.isRegularFile(e.getValue())) {
        throw new InvalidInputException(
            "artifact " + name + " is missing: " + e.getValue() + " is not a file", name);
      }
      files.put(name, e.getValue());
    }
  }

  private static JsonNode readCard(Path file) throws MlopsException {
    try {
      return Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read " + file + " (" + e.getMessage() + "); train again",
          file.toString(),
          Remedy.run(Stage.TRAIN),
          e);
    }
  }

  private static String readText(Path file) throws MlopsException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new MlopsException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
