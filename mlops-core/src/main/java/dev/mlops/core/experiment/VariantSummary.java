package dev.mlops.core.experiment;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one variant did. Rates are null when their denominator is 0. In shadow mode the treatment
 * answered nobody: its {@code predictions} are 0, its scores are {@code shadowScored}, its latency
 * is the off-path scoring time, and it has no feedback of its own (people saw control's answer),
 * only accuracy on the images people labelled.
 *
 * @param variant {@code control} or {@code treatment}
 * @param version the model version it serves ({@code v<N>})
 * @param ref the version or alias given at start
 * @param users distinct users it answered (shadow treatment: whose requests it scored)
 * @param predictions user-facing predictions
 * @param shadowScored off-path scores (shadow treatment only)
 * @param latencyP50Ms median server time per prediction, or null
 * @param latencyP99Ms 99th percentile (linear interpolation between ranks, numpy's default)
 * @param feedback predictions with feedback
 * @param corrections predictions whose feedback gave another label
 * @param feedbackRate feedback per prediction
 * @param correctionRate corrections per prediction
 * @param labelled predictions (or shadow scores) of images with a feedback label
 * @param accuracy share of those that predicted the feedback label
 * @param classMix predictions (or shadow scores) per predicted label
 */
public record VariantSummary(
    String variant,
    String version,
    String ref,
    long users,
    long predictions,
    long shadowScored,
    Double latencyP50Ms,
    Double latencyP99Ms,
    long feedback,
    long corrections,
    Double feedbackRate,
    Double correctionRate,
    long labelled,
    Double accuracy,
    SortedMap<String, Long> classMix) {
  /** Copies the class mix, sorted by label. */
  public VariantSummary {
    classMix = new TreeMap<>(classMix);
  }

  /** The predicted-class mix as shares of {@code predictions + shadowScored}. */
  public Map<String, Double> classShares() {
    long total = predictions + shadowScored;
    Map<String, Double> shares = new TreeMap<>();
    classMix.forEach((label, n) -> shares.put(label, total == 0 ? 0 : (double) n / total));
    return shares;
  }
}
