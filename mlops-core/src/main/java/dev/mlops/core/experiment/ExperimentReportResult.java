package dev.mlops.core.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of an experiment, written as {@code experiment.json}.
 *
 * @param experiment the experiment's name
 * @param model the model both variants are versions of
 * @param mode split or shadow
 * @param traffic the treatment's share of users asked for
 * @param alpha the tests' level
 * @param minimumDetectableEffect the smallest correction-rate difference worth detecting
 * @param analyzedAt when, ISO-8601 UTC
 * @param control what control did
 * @param treatment what treatment did
 * @param statistics the tests and the verdict
 * @param inputs what was read
 * @param jsonFile where {@code experiment.json} was written, or null
 * @param htmlFile where {@code experiment.html} was written, or null
 */
public record ExperimentReportResult(
    String experiment,
    String model,
    ExperimentMode mode,
    double traffic,
    double alpha,
    double minimumDetectableEffect,
    String analyzedAt,
    VariantSummary control,
    VariantSummary treatment,
    ExperimentStatistics statistics,
    Inputs inputs,
    @JsonIgnore Path jsonFile,
    @JsonIgnore Path htmlFile) {

  /**
   * What the analysis read.
   *
   * @param logFiles the prediction log files, in reading order
   * @param logLines non-blank lines in them
   * @param malformedLines lines that were not readable predictions (torn, edited), skipped
   * @param experimentLines lines of this experiment, shadow lines included
   * @param shadowLines of them, the treatment's off-path scores
   * @param feedbackRecords records in the feedback log
   * @param malformedFeedback lines of the feedback log that were not records, skipped
   * @param unmatchedFeedback records that answer no prediction of this experiment, ignored
   * @param supersededFeedback records replaced by a later one on the same prediction
   */
  public record Inputs(
      List<String> logFiles,
      long logLines,
      long malformedLines,
      long experimentLines,
      long shadowLines,
      long feedbackRecords,
      long malformedFeedback,
      long unmatchedFeedback,
      long supersededFeedback) {
    /** Copies the list. */
    public Inputs {
      logFiles = List.copyOf(logFiles);
    }
  }

  /** The conclusion. */
  public Verdict verdict() {
    return statistics.verdict();
  }

  /** The conclusion in one line with its numbers. */
  public String verdictText() {
    return statistics.verdictText();
  }

  /** The lines for a build log: one per variant, the inputs, the verdict and how it was decided. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Experiment %s on %s (%s, treatment share %s, alpha %s, minimum effect %s)",
            experiment,
            model,
            mode.name().toLowerCase(Locale.ROOT),
            Verdicts.percent(traffic),
            alpha,
            Verdicts.percent(minimumDetectableEffect)));
    lines.add(variantLine(control));
    lines.add(variantLine(treatment));
    lines.add(inputsLine());
    lines.add("Verdict: " + verdictText());
    lines.add("Decided by the " + statistics.decidedBy());
    return lines;
  }

  /** What was read, in one line. */
  public String inputsLine() {
    return String.format(
        Locale.ROOT,
        "Read %d log lines in %d files (%d malformed, skipped) and %d feedback records (%d"
            + " matched no prediction of the experiment)",
        inputs.logLines(),
        inputs.logFiles().size(),
        inputs.malformedLines(),
        inputs.feedbackRecords(),
        inputs.unmatchedFeedback());
  }

  private static String variantLine(VariantSummary v) {
    return String.format(
        Locale.ROOT,
        "  %-9s %s: %d users, %d predictions%s, correction rate %s, accuracy on labelled %s,"
            + " latency p50 %s ms p99 %s ms",
        v.variant(),
        v.version(),
        v.users(),
        v.predictions(),
        v.shadowScored() > 0 ? " (+" + v.shadowScored() + " shadow)" : "",
        v.correctionRate() == null ? "-" : Verdicts.percent(v.correctionRate()),
        v.accuracy() == null ? "-" : Verdicts.percent(v.accuracy()) + " of " + v.labelled(),
        v.latencyP50Ms() == null ? "-" : String.format(Locale.ROOT, "%.1f", v.latencyP50Ms()),
        v.latencyP99Ms() == null ? "-" : String.format(Locale.ROOT, "%.1f", v.latencyP99Ms()));
  }
}
