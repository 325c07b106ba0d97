package dev.mlops.core.experiment;

import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.feedback.FeedbackRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts an experiment's log lines and matched feedback per variant, per user (in the order of
 * their first prediction) and, in shadow mode, per labelled pair.
 */
final class ExperimentTally {
  private final boolean shadowMode;
  private final VariantTally control;
  private final VariantTally treatment;
  // A user is (variant, id): a user logged in both arms (the split changed under them) counts
  // once in each. Values: corrections, predictions.
  private final Map<String, int[]> users = new LinkedHashMap<>();
  private final long[] pairs = new long[4]; // both right, only control, only treatment, both wrong

  ExperimentTally(Experiment experiment) {
    shadowMode = experiment.mode() == ExperimentMode.SHADOW;
    control = new VariantTally(Assignment.CONTROL, experiment.control());
    treatment = new VariantTally(Assignment.TREATMENT, experiment.treatment());
  }

  /** Any line of the experiment, a shadow score included. */
  void line(LoggedPrediction line) {
    arm(line).prediction(line);
  }

  /**
   * A user-facing prediction with its feedback (or null) and, in shadow mode, the treatment's score
   * of the same image (or null).
   */
  void prediction(LoggedPrediction line, FeedbackRecord feedback, LoggedPrediction shadow) {
    int[] user = users.computeIfAbsent(line.variant() + '\0' + line.userId(), k -> new int[2]);
    user[1]++;
    if (feedback == null) {
      return;
    }
    boolean right = feedback.label().equals(line.label());
    arm(line).feedback(feedback, line.label());
    user[0] += right ? 0 : 1;
    if (shadowMode && shadow != null) {
      boolean treatmentRight = feedback.label().equals(shadow.label());
      treatment.labelled(treatmentRight);
      pairs[(right ? 0 : 2) + (treatmentRight ? 0 : 1)]++;
    }
  }

  VariantSummary control() {
    return control.summary();
  }

  VariantSummary treatment() {
    return treatment.summary();
  }

  /** Every user in the order of their first prediction. */
  List<UserOutcome> users() {
    List<UserOutcome> outcomes = new ArrayList<>(users.size());
    users.forEach(
        (key, counts) ->
            outcomes.add(
                new UserOutcome(
                    key.startsWith(Assignment.TREATMENT + '\0'), counts[0], counts[1])));
    return outcomes;
  }

  /** The labelled pairs in shadow mode; null in split mode or without any. */
  PairedTest paired() {
    boolean any = pairs[0] + pairs[1] + pairs[2] + pairs[3] > 0;
    return shadowMode && any ? PairedTest.of(pairs[0], pairs[1], pairs[2], pairs[3]) : null;
  }

  private VariantTally arm(LoggedPrediction line) {
    return line.variant().equals(Assignment.TREATMENT) ? treatment : control;
  }
}
