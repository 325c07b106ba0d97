package dev.mlops.core.experiment;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;

/**
 * What {@link ExperimentReport} analyses. Build it with {@link #builder()}.
 *
 * @param experiment the experiment record (its name selects the log lines; its traffic, minimum
 *     detectable effect and alpha set the tests)
 * @param logDirectory the prediction server's log directory ({@code predictions*.jsonl})
 * @param feedbackDirectory the directory of the server's {@code feedback.jsonl}
 * @param outputDirectory where {@code experiment.json} and {@code experiment.html} go, or null to
 *     write nothing
 * @param lookEvery users between looks of the sequential test (its p-value over time)
 */
public record ExperimentReportRequest(
    Experiment experiment,
    Path logDirectory,
    Path feedbackDirectory,
    Path outputDirectory,
    int lookEvery) {
  /** Checks the fields; the message names the field. */
  public ExperimentReportRequest {
    require(experiment != null, "experiment", null, "set the experiment to analyse");
    require(logDirectory != null, "logDirectory", null, "set the prediction log directory");
    require(feedbackDirectory != null, "feedbackDirectory", null, "set the feedback directory");
    require(lookEvery > 0, "lookEvery", lookEvery, "must be at least 1 user");
    double mde = experiment.minimumDetectableEffect();
    require(mde > 0 && mde < 1, "minimumDetectableEffect", mde, "must be in (0, 1)");
    double alpha = experiment.alpha();
    require(alpha > 0 && alpha < 0.5, "alpha", alpha, "must be in (0, 0.5)");
    double traffic = experiment.traffic();
    boolean split = experiment.mode() == ExperimentMode.SPLIT;
    require(!split || traffic > 0 && traffic < 1, "traffic", traffic, "must be in (0, 1)");
  }

  /** A builder; the sequential test looks every {@value ExperimentAnalysis#DEFAULT_LOOK_EVERY}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ExperimentReportRequest}: {@code set*} required, {@code opt*} defaulted. */
  public static final class Builder {
    private Experiment experiment;
    private Path logDirectory;
    private Path feedbackDirectory;
    private Path outputDirectory;
    private int lookEvery = ExperimentAnalysis.DEFAULT_LOOK_EVERY;

    private Builder() {}

    /** Sets {@link ExperimentReportRequest#experiment()}. */
    public Builder setExperiment(Experiment value) {
      experiment = value;
      return this;
    }

    /** Sets {@link ExperimentReportRequest#logDirectory()}. */
    public Builder setLogDirectory(Path value) {
      logDirectory = value;
      return this;
    }

    /** Sets {@link ExperimentReportRequest#feedbackDirectory()}. */
    public Builder setFeedbackDirectory(Path value) {
      feedbackDirectory = value;
      return this;
    }

    /** Sets {@link ExperimentReportRequest#outputDirectory()}; default none (nothing written). */
    public Builder optOutputDirectory(Path value) {
      outputDirectory = value;
      return this;
    }

    /** Sets {@link ExperimentReportRequest#lookEvery()}; default 100. */
    public Builder optLookEvery(Integer value) {
      lookEvery = value == null ? lookEvery : value;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws InvalidInputException naming the first invalid setting and its value
     */
    public ExperimentReportRequest build() throws InvalidInputException {
      try {
        return new ExperimentReportRequest(
            experiment, logDirectory, feedbackDirectory, outputDirectory, lookEvery);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid experiment report setting");
      }
    }
  }
}
