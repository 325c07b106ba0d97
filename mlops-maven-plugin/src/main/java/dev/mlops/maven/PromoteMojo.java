package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.eval.BaselineProvider;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationRequest;
import dev.mlops.core.eval.ModelEvaluator;
import dev.mlops.core.eval.QualityGates;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.MetricsSource;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import dev.mlops.core.registry.PromoteResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves an alias ({@code production}, {@code staging}, any name) to a model version, or back to its
 * previous holder with {@code -Dmlops.rollback=true}. Each move is a commit on {@code
 * mlops-registry} saying who moved which alias from which version to which. Champion gate: the
 * candidate must not be worse than the current holder by more than {@code maxRegression} in
 * accuracy; when the two were evaluated on different dataset versions, both are evaluated again on
 * the project's current test split.
 */
@Mojo(name = "promote", threadSafe = true, requiresProject = true)
public final class PromoteMojo extends AbstractRegistryMojo {
  /**
   * The version to promote ({@code v7} or {@code 7}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version")
  private String version;

  /**
   * The alias to move.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.alias", required = true)
  private String alias;

  /**
   * Moves the alias even when the champion gate refuses.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.force", defaultValue = "false")
  private boolean force;

  /**
   * Moves the alias back to the version it pointed at before its last move.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.rollback", defaultValue = "false")
  private boolean rollback;

  /**
   * Largest accuracy drop against the current holder that still promotes, in [0,1].
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.promote.maxRegression", defaultValue = "0")
  private double maxRegression;

  @Override
  protected String goal() {
    return "promote";
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    if (!rollback && version == null) {
      throw new InvalidInputException(
          "say which version to promote: -Dmlops.version=N (or -Dmlops.rollback=true to move "
              + alias
              + " back)",
          null);
    }
    if (!(maxRegression >= 0 && maxRegression <= 1)) {
      throw new InvalidInputException(
          "<maxRegression> is "
              + maxRegression
              + "; must be in [0,1] (or -Dmlops.promote.maxRegression=0.01)",
          Double.toString(maxRegression));
    }
    String remote = push ? "origin" : null;
    withModels(
        progress,
        false,
        (registry, repo) -> {
          PromoteResult result =
              rollback
                  ? registry.rollback(name, alias, remote)
                  : registry.promote(
                      name,
                      alias,
                      version,
                      new ChampionGate(maxRegression, reevaluating(registry, progress)),
                      force,
                      remote);
          result.summaryLines().forEach(getLog()::info);
        });
  }

  /**
   * Metrics for the champion gate: those recorded in the card when both versions were evaluated on
   * the dataset version the project has now, else a fresh evaluation on the current test split.
   */
  private MetricsSource reevaluating(ModelRegistry registry, Progress progress)
      throws MlopsException {
    Manifest current = scan(progress).manifest();
    Path cache = Path.of(project.getBuild().getDirectory(), "mlops", "registry-cache");
    return card -> {
      if (card.metrics() != null && current.id().equals(card.dataset().manifestId())) {
        return card.metrics();
      }
      return evaluate(registry, card, current, cache, progress);
    };
  }

  private EvaluationMetrics evaluate(
      ModelRegistry registry,
      ModelVersionCard card,
      Manifest current,
      Path cache,
      Progress progress)
      throws MlopsException {
    progress.info(
        "Evaluating "
            + card.versionName()
            + " again on the current test split (it was evaluated on other data)");
    Path modelDir = registry.restore(card, cache);
    Path out = cache.resolve(card.name()).resolve(card.versionName() + "-evaluation.json");
    return new ModelEvaluator(progress)
        .evaluate(
            new EvaluationRequest(
                modelDir,
                dataDirectory.toPath(),
                current,
                QualityGates.none(),
                BaselineProvider.NONE,
                out,
                null,
                List.of(),
                64,
                Math.max(1, Runtime.getRuntime().availableProcessors())))
        .metrics();
  }
}
