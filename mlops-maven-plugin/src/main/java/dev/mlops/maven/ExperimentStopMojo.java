package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentStop;
import dev.mlops.core.registry.ChampionGate;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops an experiment: analyses it one last time (as {@code experiment-report}), promotes the
 * treatment through the champion gate when {@code -Dmlops.experiment.promote=true} and the verdict
 * is {@code treatment better}, and commits the stop with the verdict. Servers go back to serving
 * the alias at their next reload.
 */
@Mojo(name = "experiment-stop", threadSafe = true, requiresProject = true)
public final class ExperimentStopMojo extends AbstractExperimentMojo {
  /**
   * Skips this goal.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment-stop.skip", defaultValue = "false")
  private boolean skipExperimentStop;

  /**
   * Promotes the treatment when the verdict is {@code treatment better}, through the champion gate;
   * when the gate refuses, the experiment keeps running.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.promote", defaultValue = "false")
  private boolean experimentPromote;

  /**
   * The alias the winner is promoted to; default the control's, when the control was given as an
   * alias.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.alias")
  private String alias;

  /**
   * Champion gate of the promotion: largest accuracy drop against the alias's holder, in [0,1].
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment-stop.maxRegression", defaultValue = "0")
  private double maxRegression;

  /**
   * Images per forward pass when versions are evaluated again on the current test split. Default
   * 64.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment-stop.batchSize")
  private Integer batchSize;

  @Override
  protected String goal() {
    return "experiment-stop";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipExperimentStop);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    String remote = push ? "origin" : null;
    withModels(
        progress,
        false,
        (registry, repo) -> {
          ExperimentRegistry experiments = new ExperimentRegistry(repo, registry, progress);
          ChampionGate gate =
              ChampionGate.of(maxRegression)
                  .withMetrics(registry.currentDataMetrics(currentData(progress, batchSize)));
          ExperimentStop.Result result =
              new ExperimentStop(experiments, registry, progress)
                  .stop(
                      new ExperimentStop.Request(
                          name,
                          experimentName(experiments),
                          reportRequest(),
                          experimentPromote,
                          alias,
                          gate,
                          remote));
          result.summaryLines().forEach(getLog()::info);
        });
  }
}
