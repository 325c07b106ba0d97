package dev.mlops.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the prediction server's logs ({@code predictions.jsonl} and the rotated {@code
 * predictions-<time>.jsonl}) for one experiment's lines, in log order: files by name (a rotated
 * file's time sorts before {@code .jsonl}), lines in file order. Lines of other experiments or none
 * are skipped. A line that is not a JSON object, or an experiment line without the fields the
 * analysis needs, is counted as malformed and skipped, not fatal: a server killed mid-write leaves
 * half a line at the end of its file, and one such line must not stop a report.
 */
final class PredictionLog {
  /** The log files: the current one and the rotated ones. */
  static final String GLOB = "predictions*.jsonl";

  /**
   * What was read.
   *
   * @param files the log files, in reading order
   * @param lines non-blank lines read
   * @param malformed lines skipped as not readable
   * @param predictions the experiment's lines, shadow lines included, in log order
   */
  record Scan(List<Path> files, long lines, long malformed, List<LoggedPrediction> predictions) {}

  private PredictionLog() {}

  /**
   * Reads the lines of {@code experiment} in {@code directory}; {@code malformed} hears each
   * skipped line as {@code file:line why}.
   *
   * @throws InvalidInputException when the directory does not exist
   * @throws MlopsException when a file cannot be read
   */
  static Scan read(Path directory, String experiment, Consumer<String> malformed)
      throws MlopsException {
    List<Path> files = files(directory);
    List<LoggedPrediction> predictions = new ArrayList<>();
    long lines = 0;
    long bad = 0;
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          lines++;
          String problem = parse(line, experiment, predictions);
          if (problem != null) {
            bad++;
            malformed.accept(file.getFileName() + ":" + number + " " + problem);
          }
        }
      } catch (IOException e) {
        throw new MlopsException("cannot read the prediction log " + file + ": " + e, e);
      }
    }
    return new Scan(files, lines, bad, predictions);
  }

  /** Adds the line's prediction when it is one of the experiment's; returns why not, or null. */
  private static String parse(String line, String experiment, List<LoggedPrediction> out) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(line);
    } catch (IOException e) {
      return "is not JSON (a torn line?)";
    }
    if (node == null || !node.isObject()) {
      return "is not a JSON object";
    }
    if (!experiment.equals(text(node, "experiment"))) {
      return null;
    }
    String variant = text(node, "variant");
    String userId = text(node, "userId");
    String label = text(node, "label");
    if (!Assignment.CONTROL.equals(variant) && !Assignment.TREATMENT.equals(variant)) {
      return "has variant " + variant + ", neither control nor treatment";
    }
    if (userId == null || label == null) {
      return "lacks " + (userId == null ? "userId" : "label");
    }
    JsonNode latency = node.get("latencyMs");
    JsonNode shadow = node.get("shadow");
    out.add(
        new LoggedPrediction(
            text(node, "requestId"),
            text(node, "imageSha256"),
            userId,
            variant,
            label,
            latency != null && latency.isNumber() ? latency.doubleValue() : Double.NaN,
            shadow != null && shadow.asBoolean(false)));
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private static List<Path> files(Path dir) throws MlopsException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "the prediction log directory "
              + dir
              + " does not exist or is not a directory; set logDirectory to the prediction"
              + " server's log directory",
          dir.toString(),
          Remedy.setting("logDirectory"));
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, GLOB)) {
      for (Path file : entries) {
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new MlopsException("cannot list the prediction logs in " + dir + ": " + e, e);
    }
    files.sort(null);
    return files;
  }
}
