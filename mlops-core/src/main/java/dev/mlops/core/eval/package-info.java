/**
 * Evaluation of a trained classifier: {@link dev.mlops.core.eval.Metrics} turns predicted
 * probabilities into {@link dev.mlops.core.eval.EvaluationMetrics}, {@link
 * dev.mlops.core.eval.QualityGates} compares them with the user's thresholds (and, through a {@link
 * dev.mlops.core.eval.BaselineProvider}, with the model behind an alias), {@link
 * dev.mlops.core.eval.EvaluationReport} is {@code evaluation.json} for machines and {@link
 * dev.mlops.core.eval.HtmlReport} the offline HTML page for people. The core reports; the caller
 * decides whether the build fails.
 */
package dev.mlops.core.eval;
