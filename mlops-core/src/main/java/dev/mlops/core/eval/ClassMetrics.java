package dev.mlops.core.eval;

/**
 * Metrics of one class. A ratio whose denominator is zero (no true or no predicted images of the
 * class) is 0, as scikit-learn's {@code zero_division=0}.
 *
 * @param label the class name
 * @param precision true positives / predicted as this class
 * @param recall true positives / images of this class (support)
 * @param f1 the harmonic mean of precision and recall, computed as {@code 2tp / (2tp + fp + fn)}
 * @param support images whose true class is this one
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
