package dev.mlops.core.experiment;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.ExperimentReportResult.Inputs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
    ExperimentTally tally = tally(experiment, scan, facing, shadows, match);
    ExperimentStatistics statistics =
        ExperimentAnalysis.analyze(experiment, tally.users(), tally.paired(), request.lookEvery());
    Path out = request.outputDirectory();
    ExperimentReportResult result =
        result(
            experiment,
            tally,
            statistics,
            inputs(scan, match),
            out == null ? null : out.resolve(JSON_FILE),
            out == null ? null : out.resolve(ExperimentPage.FILE));
    if (out != null) {
      write(result);
    }
    return result;
  }

  private static ExperimentTally tally(
      Experiment experiment,
      PredictionLog.Scan scan,
      List<LoggedPrediction> facing,
      Map<String, LoggedPrediction> shadows,
      FeedbackMatch.Result match) {
    ExperimentTally tally = new ExperimentTally(experiment);
    scan.predictions().forEach(tally::line);
    for (int i = 0; i < facing.size(); i++) {
      LoggedPrediction line = facing.get(i);
      tally.prediction(line, match.feedback().get(i), shadows.get(line.key()));
    }
    return tally;
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
      ExperimentTally t,
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
