package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.eval.EvaluationMetrics;

/**
 * Supplies the metrics the champion gate compares. The default, {@link #RECORDED}, uses the metrics
 * recorded in the cards; a caller that can evaluate may re-evaluate both versions on the newest
 * test split instead, so both are measured on the same data.
 */
@FunctionalInterface
public interface MetricsSource {
  /** The metrics recorded in each card at registration (null when it was not evaluated). */
  MetricsSource RECORDED = ModelVersionCard::metrics;

  /**
   * The metrics of the version {@code card} describes, or null when none are known.
   *
   * @throws MlopsException when they cannot be computed
   */
  EvaluationMetrics metrics(ModelVersionCard card) throws MlopsException;
}
