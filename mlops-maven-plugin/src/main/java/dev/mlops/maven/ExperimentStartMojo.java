package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentStart;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Starts an A/B experiment between two versions of the model: commits {@code
 * experiments/<model>/<name>.json} on {@code mlops-registry} with both variants resolved to
 * versions now, the treatment's share of users and the statistics settings. A running server picks
 * it up at its next reload and routes each user, by a hash of the user id, to the same variant for
 * the experiment's life.
 */
@Mojo(name = "experiment-start", threadSafe = true, requiresProject = true)
public final class ExperimentStartMojo extends AbstractRegistryMojo {
  /**
   * Skips this goal.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment-start.skip", defaultValue = "false")
  private boolean skipExperimentStart;

  /**
   * The experiment's name ({@code [a-z0-9][a-z0-9._-]*}), unique per model; it also seeds the
   * assignment of users to variants.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment", required = true)
  private String experiment;

  /**
   * The control: a version ({@code v1}) or alias, resolved to its version at start.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.control", defaultValue = "production")
  private String experimentControl;

  /**
   * The treatment: a version ({@code v2}) or alias, resolved to its version at start.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.treatment", required = true)
  private String experimentTreatment;

  /**
   * The treatment's share of users, in (0, 1). Default 0.5.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.traffic")
  private Double experimentTraffic;

  /**
   * {@code split} (each user is answered by their variant) or {@code shadow} (control answers
   * everyone; the treatment scores the same images off the response path). Default split.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.mode")
  private String experimentMode;

  /**
   * What the treatment is expected to do, recorded with the experiment.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.hypothesis")
  private String experimentHypothesis;

  /**
   * The smallest absolute difference in correction rate worth detecting, in (0, 1); the report says
   * how many users that needs. Default 0.05.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.minimumDetectableEffect")
  private Double experimentMinimumDetectableEffect;

  /**
   * The false-positive rate the report's tests are held to, in (0, 0.5). Default 0.05.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiment.alpha")
  private Double experimentAlpha;

  @Override
  protected String goal() {
    return "experiment-start";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipExperimentStart);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    ExperimentStart request =
        ExperimentStart.builder()
            .setExperiment(name, experiment)
            .setVariants(experimentControl, experimentTreatment)
            .optTraffic(experimentTraffic)
            .optMode(mode())
            .optHypothesis(experimentHypothesis)
            .optMinimumDetectableEffect(experimentMinimumDetectableEffect)
            .optAlpha(experimentAlpha)
            .optRemote(push ? "origin" : null)
            .build();
    withModels(
        progress,
        false,
        (registry, repo) -> new ExperimentRegistry(repo, registry, progress).start(request));
  }

  private ExperimentMode mode() throws InvalidInputException {
    if (experimentMode == null) {
      return null;
    }
    ExperimentMode mode = ExperimentMode.parse(experimentMode);
    if (mode == null) {
      throw new InvalidInputException(
          "experimentMode '" + experimentMode + "' is not a mode: use split or shadow",
          experimentMode,
          Remedy.setting("experimentMode"));
    }
    return mode;
  }
}
