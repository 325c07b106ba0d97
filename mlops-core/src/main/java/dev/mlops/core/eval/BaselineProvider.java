package dev.mlops.core.eval;

import dev.mlops.core.MlopsException;
import java.util.Optional;

/**
 * Finds the metrics of the model behind an alias (for example {@code production}), measured on the
 * same split of the same data as the model being evaluated, for the regression gate of {@link
 * QualityGates}. The model registry implements it.
 */
@FunctionalInterface
public interface BaselineProvider {
  /** A provider that knows no aliases: every regression gate is skipped. */
  BaselineProvider NONE = alias -> Optional.empty();

  /**
   * The baseline metrics of the model behind {@code alias}, or empty when no model is behind it yet
   * (the regression gate is then skipped, with a warning).
   *
   * @throws dev.mlops.core.InvalidInputException when {@code alias} is not one the registry knows
   *     (never set, while others were), so a typo cannot turn the gate off
   * @throws MlopsException when the registry cannot be read
   */
  Optional<EvaluationMetrics> baseline(String alias) throws MlopsException;
}
