package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentRegistry;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lists the model's experiments: name, status, variants, split, who started and stopped them. */
@Mojo(name = "experiments", threadSafe = true, requiresProject = true)
public final class ExperimentsMojo extends AbstractRegistryMojo {
  /**
   * Skips this goal.
   *
   * @since 0.3.0
   */
  @Parameter(property = "mlops.experiments.skip", defaultValue = "false")
  private boolean skipExperiments;

  @Override
  protected String goal() {
    return "experiments";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipExperiments);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    withModels(
        progress,
        true,
        (registry, repo) -> {
          List<Experiment> all = new ExperimentRegistry(repo, registry, progress).list(name);
          if (all.isEmpty()) {
            getLog().info("Model " + name + " has no experiments; start one with experiment-start");
          }
          for (Experiment e : all) {
            getLog().info(line(e));
          }
        });
  }

  static String line(Experiment e) {
    String head =
        String.format(
            Locale.ROOT,
            "%-20s %-8s %-6s control %s (%s) vs treatment %s (%s), %.1f%% to treatment;"
                + " started %s by %s",
            e.name(),
            e.status(),
            e.mode().name().toLowerCase(Locale.ROOT),
            e.control().versionName(),
            e.control().ref(),
            e.treatment().versionName(),
            e.treatment().ref(),
            e.traffic() * 100,
            e.startedAt(),
            e.startedBy());
    if (e.running()) {
      return head;
    }
    return head
        + "; stopped "
        + e.stoppedAt()
        + " by "
        + e.stoppedBy()
        + (e.verdict() == null ? "" : ": " + e.verdict())
        + (e.promoted() == null ? "" : ", promoted " + e.promoted());
  }
}
