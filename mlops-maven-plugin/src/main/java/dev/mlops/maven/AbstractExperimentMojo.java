package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentReportRequest;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that read an experiment's logs: the report and the stop. */
abstract class AbstractExperimentMojo extends AbstractRegistryMojo {
  /**
   * The experiment; without it, the model's running experiment.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment")
  protected String experiment;

  /**
   * Where the server wrote {@code predictions*.jsonl} ({@code serve}'s {@code logDirectory}).
   *
   * @since 0.3.0
   */
  @Parameter(
      property = "mlops.experiment.logDirectory",
      defaultValue = "${project.build.directory}/mlops/serving")
  protected File experimentLogDirectory;

  /**
   * The feedback log's directory ({@code feedback.jsonl}).
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.feedback.directory", defaultValue = "${project.basedir}/feedback")
  protected File feedbackDirectory;

  /**
   * Where {@code experiment.json} and {@code experiment.html} are written.
   *
   * @since 0.3.0
   */
  @Parameter(
      property = "mlops.experiment.reportDirectory",
      defaultValue = "${project.build.directory}/mlops")
  protected File experimentReportDirectory;

  /** The named experiment, or the model's running one. */
  protected String experimentName(ExperimentRegistry experiments) throws MlopsException {
    if (experiment != null) {
      return experiment;
    }
    Optional<Experiment> running = experiments.running(modelName());
    if (running.isEmpty()) {
      throw new InvalidInputException(
          "model '"
              + modelName()
              + "' has no running experiment; name one (list them with the experiments goal)",
          null,
          Remedy.setting("experiment"));
    }
    return running.get().name();
  }

  /** Where the logs are and where the report goes; the experiment is set by the core. */
  protected ExperimentReportRequest.Builder reportRequest() {
    return ExperimentReportRequest.builder()
        .setLogDirectory(experimentLogDirectory.toPath())
        .setFeedbackDirectory(feedbackDirectory.toPath())
        .optOutputDirectory(experimentReportDirectory.toPath());
  }
}
