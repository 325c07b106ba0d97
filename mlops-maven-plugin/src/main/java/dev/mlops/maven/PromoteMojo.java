package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.PromoteResult;
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
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.promote.skip", defaultValue = "false")
  private boolean skipPromote;

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
   * Images per forward pass when versions are evaluated again on the current test split. Default
   * 64.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.promote.batchSize")
  private Integer batchSize;

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
  protected String goalSkipReason() {
    return skippedBy(skipPromote);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    if (!rollback && version == null) {
      throw new InvalidInputException(
          "say which version to promote, or roll " + alias + " back to its previous version",
          null,
          Remedy.setting("version", "rollback"));
    }
    ChampionGate gate = ChampionGate.of(maxRegression);
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
                      gate.withMetrics(
                          registry.currentDataMetrics(currentData(progress, batchSize))),
                      force,
                      remote);
          result.summaryLines().forEach(getLog()::info);
        });
  }
}
