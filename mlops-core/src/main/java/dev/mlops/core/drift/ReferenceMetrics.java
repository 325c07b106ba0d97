package dev.mlops.core.drift;

/**
 * The model's own scores that labeled incoming images are compared with.
 *
 * @param source where they come from, e.g. "evaluation of v3 (test split)"
 * @param accuracy the accuracy
 * @param macroF1 the macro F1, or null when unknown
 */
public record ReferenceMetrics(String source, double accuracy, Double macroF1) {}
