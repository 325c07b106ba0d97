package dev.mlops.core.experiment;

import dev.mlops.core.feedback.FeedbackRecord;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/** Counts one variant's log lines and feedback into a {@link VariantSummary}. */
final class VariantTally {
  private final String variant;
  private final Variant arm;
  private final Set<String> users = new HashSet<>();
  private final TreeMap<String, Long> classMix = new TreeMap<>();
  private double[] latencies = new double[64];
  private int latencyCount;
  private long predictions;
  private long shadowScored;
  private long feedback;
  private long corrections;
  private long labelled;
  private long correct;

  VariantTally(String variant, Variant arm) {
    this.variant = variant;
    this.arm = arm;
  }

  /** One line of this variant: a user-facing prediction or a shadow score. */
  void prediction(LoggedPrediction line) {
    users.add(line.userId());
    if (line.shadow()) {
      shadowScored++;
    } else {
      predictions++;
    }
    classMix.merge(line.label(), 1L, Long::sum);
    if (Double.isFinite(line.latencyMs())) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencyCount * 2);
      }
      latencies[latencyCount++] = line.latencyMs();
    }
  }

  /** Feedback on one of this variant's user-facing predictions. */
  void feedback(FeedbackRecord record, String predicted) {
    feedback++;
    if (!record.label().equals(predicted)) {
      corrections++;
    }
    labelled(record.label().equals(predicted));
  }

  /** A prediction (or shadow score) of an image whose label a person gave. */
  void labelled(boolean right) {
    labelled++;
    correct += right ? 1 : 0;
  }

  VariantSummary summary() {
    double[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    return new VariantSummary(
        variant,
        arm.versionName(),
        arm.ref(),
        users.size(),
        predictions,
        shadowScored,
        percentile(sorted, 0.5),
        percentile(sorted, 0.99),
        feedback,
        corrections,
        ratio(feedback, predictions),
        ratio(corrections, predictions),
        labelled,
        ratio(correct, labelled),
        classMix);
  }

  /** Linear interpolation between the closest ranks (numpy's default); null for no values. */
  static Double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return null;
    }
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }
}
