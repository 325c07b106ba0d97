package dev.mlops.core.eval;

/**
 * A misclassified image.
 *
 * @param file the image as given to {@link Metrics#compute} (for example its path relative to the
 *     data directory)
 * @param truth the true class
 * @param predicted the predicted class (the most probable one)
 * @param confidence the probability of the predicted class
 */
public record Mistake(String file, String truth, String predicted, double confidence) {}
