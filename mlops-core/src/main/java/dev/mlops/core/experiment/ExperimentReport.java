package dev.mlops.core.experiment;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.ExperimentReportResult.Inputs;
import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.feedback.FeedbackRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis of an experiment from what the server logged: per variant users, predictions,
 * latency, feedback, correction rate, accuracy on labelled images and class mix; the tests and the
 * verdict of {@link ExperimentAnalysis}; {@code experiment.json} and {@code experiment.html} when
 * an output directory is given. Reads only files, so it runs anywhere the logs are (a CI job, a
 * laptop with a copy of the server's directories).
 */
public final class ExperimentReport {
  /** The result's file name in the output directory. */
  public static final String JSON_FILE = "experiment.json";

  /** Report at most this many skipped lines one by one; the rest as a count. */
  static final int MAX_REPORTED = 10;

  private final Progress progress;

  /** A report that tells {@code progress} about skipped lines and files written. */
  public ExperimentReport(Progress progress) {
    this.progress = progress;
  }

  /**
   * Analyses the experiment of {@code request}.
   *
   * @throws dev.mlops.core.InvalidInputException when a directory does not exist
   * @throws MlopsException when a file cannot be read or written
   */
  public ExperimentReportResult analyze(ExperimentReportRequest request) throws MlopsException {
    Experiment experiment = request.experiment();
    List<String> skipped = new ArrayList<>();
    PredictionLog.Scan scan =
        PredictionLog.read(request.logDirectory(), experiment.name(), skipped::add);
    List<LoggedPrediction> facing = new ArrayList<>();
    Map<String, LoggedPrediction> shadows = new HashMap<>();
    for (LoggedPrediction line : scan.predictions()) {
      if (line.shadow()) {
        shadows.putIfAbsent(line.key(), line);
      } else {
        facing.add(line);
      }
    }
    FeedbackMatch.Result match =
        FeedbackMatch.match(request.feedbackDirectory(), facing, skipped::add);
    warn(skipped);
    Tallies tallies = tally(experiment, scan, facing, shadows, match);
    ExperimentStatistics statistics =
        ExperimentAnalysis.analyze(
            experiment, tallies.users(), tallies.paired(), request.lookEvery());
    Path out = request.outputDirectory();
    ExperimentReportResult result =
        result(
            experiment,
            tallies,
            statistics,
            inputs(scan, match),
            out == null ? null : out.resolve(JSON_FILE),
            out == null ? null : out.resolve(ExperimentPage.FILE));
    if (out != null) {
      write(result);
    }
    return result;
  }

  private record Tallies(
      VariantSummary control,
      VariantSummary treatment,
      List<UserOutcome> users,
      PairedTest paired) {}

  private static Tallies tally(
      Experiment experiment,
      PredictionLog.Scan scan,
      List<LoggedPrediction> facing,
      Map<String, LoggedPrediction> shadows,
      FeedbackMatch.Result match) {
    VariantTally control = new VariantTally(Assignment.CONTROL, experiment.control());
    VariantTally treatment = new VariantTally(Assignment.TREATMENT, experiment.treatment());
    scan.predictions()
        .forEach(
            line ->
                (line.variant().equals(Assignment.TREATMENT) ? treatment : control)
                    .prediction(line));
    // Users in the order of their first prediction; a user is (variant, id): a user logged in
    // both arms (the split changed under them) counts once in each.
    Map<String, int[]> users = new LinkedHashMap<>();
    long[] paired = new long[4]; // both right, only control, only treatment, both wrong
    for (int i = 0; i < facing.size(); i++) {
      LoggedPrediction line = facing.get(i);
      int[] user = users.computeIfAbsent(line.variant() + '\0' + line.userId(), k -> new int[2]);
      user[1]++;
      FeedbackRecord record = match.feedback().get(i);
      if (record == null) {
        continue;
      }
      boolean controlRight = record.label().equals(line.label());
      (line.variant().equals(Assignment.TREATMENT) ? treatment : control)
          .feedback(record, line.label());
      user[0] += controlRight ? 0 : 1;
      LoggedPrediction shadow = shadows.get(line.key());
      if (experiment.mode() == ExperimentMode.SHADOW && shadow != null) {
        boolean treatmentRight = record.label().equals(shadow.label());
        treatment.labelled(treatmentRight);
        paired[(controlRight ? 0 : 2) + (treatmentRight ? 0 : 1)]++;
      }
    }
    List<UserOutcome> outcomes = new ArrayList<>(users.size());
    users.forEach(
        (key, counts) ->
            outcomes.add(
                new UserOutcome(
                    key.startsWith(Assignment.TREATMENT + '\0'), counts[0], counts[1])));
    PairedTest pairs =
        experiment.mode() == ExperimentMode.SHADOW
                && paired[0] + paired[1] + paired[2] + paired[3] > 0
            ? PairedTest.of(paired[0], paired[1], paired[2], paired[3])
            : null;
    return new Tallies(control.summary(), treatment.summary(), outcomes, pairs);
  }

  private static Inputs inputs(PredictionLog.Scan scan, FeedbackMatch.Result match) {
    long shadowLines = scan.predictions().stream().filter(LoggedPrediction::shadow).count();
    return new Inputs(
        scan.files().stream().map(Path::toString).toList(),
        scan.lines(),
        scan.malformed(),
        scan.predictions().size(),
        shadowLines,
        match.records(),
        match.malformed(),
        match.unmatched(),
        match.superseded());
  }

  private static ExperimentReportResult result(
      Experiment e,
      Tallies t,
      ExperimentStatistics statistics,
      Inputs inputs,
      Path json,
      Path html) {
    return new ExperimentReportResult(
        e.name(),
        e.model(),
        e.mode(),
        e.traffic(),
        e.alpha(),
        e.minimumDetectableEffect(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        t.control(),
        t.treatment(),
        statistics,
        inputs,
        json,
        html);
  }

  private void write(ExperimentReportResult result) throws MlopsException {
    try {
      AtomicFiles.write(result.jsonFile(), Json.pretty(result));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + result.jsonFile() + ": " + e.getMessage(), e);
    }
    ExperimentPage.write(result.htmlFile(), result, progress);
    progress.info("Wrote " + result.jsonFile() + " and " + result.htmlFile());
  }

  private void warn(List<String> skipped) {
    skipped.stream()
        .limit(MAX_REPORTED)
        .forEach(line -> progress.warn(line + ": not a readable record, skipped"));
    if (skipped.size() > MAX_REPORTED) {
      progress.warn((skipped.size() - MAX_REPORTED) + " more unreadable lines skipped");
    }
  }
}
