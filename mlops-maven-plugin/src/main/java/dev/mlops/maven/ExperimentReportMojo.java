package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentReport;
import dev.mlops.core.experiment.ExperimentReportResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Analyses an experiment from the server's prediction log and the feedback log: per variant users,
 * predictions, latency, feedback and correction rates, accuracy on labelled images and the class
 * mix; the correction rate per user compared by an always-valid sequential test (safe to read at
 * any time), with the fixed-horizon test, a sample-ratio-mismatch check and, in shadow mode,
 * McNemar's test beside it. Writes {@code experiment.json} and {@code experiment.html}.
 */
@Mojo(name = "experiment-report", threadSafe = true, requiresProject = true)
public final class ExperimentReportMojo extends AbstractExperimentMojo {
  /**
   * Skips this goal.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment-report.skip", defaultValue = "false")
  private boolean skipExperimentReport;

  @Override
  protected String goal() {
    return "experiment-report";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipExperimentReport);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    withModels(
        progress,
        true,
        (registry, repo) -> {
          ExperimentRegistry experiments = new ExperimentRegistry(repo, registry, progress);
          ExperimentReportResult result =
              new ExperimentReport(progress)
                  .analyze(
                      reportRequest()
                          .setExperiment(experiments.get(name, experimentName(experiments)))
                          .build());
          result.summaryLines().forEach(getLog()::info);
          getLog().info("Report: " + result.htmlFile());
        });
  }
}
