package dev.mlops.core.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of an evaluation as {@code evaluation.json}: the model and data evaluated, the metrics
 * and every gate's outcome. Later stages (registration, the HTML report) read it back.
 *
 * @param model the model and the split evaluated
 * @param metrics the metrics measured
 * @param gates the outcome of every configured gate, empty when none is configured
 */
// "passed" is derived: written for machines reading the file, ignored when reading it back.
@JsonIgnoreProperties(value = "passed", allowGetters = true)
public record EvaluationReport(ModelInfo model, EvaluationMetrics metrics, List<GateResult> gates) {
  /** The file name used by the evaluate stage, {@code evaluation.json}. */
  public static final String FILE_NAME = "evaluation.json";

  /** Copies the gate list. */
  public EvaluationReport {
    gates = List.copyOf(gates);
  }

  /** Whether every gate passed (true without gates). */
  @JsonProperty("passed")
  public boolean passed() {
    return gates.stream().allMatch(GateResult::passed);
  }

  /** The gates that did not pass, in order. */
  public List<GateResult> failures() {
    return gates.stream().filter(g -> !g.passed()).toList();
  }

  /**
   * Writes this report as indented JSON to {@code file} atomically (readers never see half a file).
   *
   * @throws MlopsException when the file cannot be written
   */
  public void write(Path file) throws MlopsException {
    try {
      AtomicFiles.write(file, Json.pretty(this));
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the evaluation report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @throws MlopsException when the file is missing, unreadable or not an evaluation report
   */
  public static EvaluationReport read(Path file) throws MlopsException {
    try {
      return Json.mapper().readValue(Files.readAllBytes(file), EvaluationReport.class);
    } catch (NoSuchFileException e) {
      throw new MlopsException("no evaluation report at " + file + "; evaluate the model first", e);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the evaluation report "
              + file
              + ": "
              + e.getMessage()
              + "; delete it and evaluate again",
          e);
    }
  }
}
