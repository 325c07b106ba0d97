package dev.mlops.core.eval;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link Metrics#compute} measured on one split. Class-indexed values ({@link #perClass()},
 * rows and columns of {@link #confusion()}) follow the order of the model's labels.
 *
 * @param n images evaluated
 * @param accuracy correct predictions / n
 * @param perClass precision, recall, F1 and support of every class, in label order
 * @param macroPrecision the unweighted mean of the per-class precisions
 * @param macroRecall the unweighted mean of the per-class recalls
 * @param macroF1 the unweighted mean of the per-class F1 scores; classes without support count
 *     (with F1 0), as scikit-learn's {@code average="macro"} with {@code zero_division=0}
 * @param weightedF1 the per-class F1 scores weighted by support
 * @param confusion {@code confusion[truth][predicted]} image counts
 * @param logLoss the mean negative natural log of the probability of the true class, clipped below
 *     at {@link Metrics#PROBABILITY_FLOOR}
 * @param expectedCalibrationError the support-weighted mean gap between accuracy and mean
 *     confidence over {@link Metrics#CALIBRATION_BINS} equal-width confidence bins
 * @param mostConfidentMistakes up to {@link Metrics#MAX_MISTAKES} misclassified images, the most
 *     confident first
 */
public record EvaluationMetrics(
    int n,
    double accuracy,
    List<ClassMetrics> perClass,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double weightedF1,
    int[][] confusion,
    double logLoss,
    double expectedCalibrationError,
    List<Mistake> mostConfidentMistakes) {

  /** Copies the lists and the matrix so the value cannot change after construction. */
  public EvaluationMetrics {
    perClass = List.copyOf(perClass);
    confusion = deepCopy(confusion);
    mostConfidentMistakes = List.copyOf(mostConfidentMistakes);
  }

  /** {@code confusion[truth][predicted]}: a copy, so callers cannot change this value. */
  @Override
  public int[][] confusion() {
    return deepCopy(confusion);
  }

  /** The class names in label order. */
  public List<String> labels() {
    return perClass.stream().map(ClassMetrics::label).toList();
  }

  // Records compare arrays by identity; compare the matrix by content so equal metrics are equal.
  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationMetrics m
        && n == m.n
        && Double.compare(accuracy, m.accuracy) == 0
        && perClass.equals(m.perClass)
        && Double.compare(macroPrecision, m.macroPrecision) == 0
        && Double.compare(macroRecall, m.macroRecall) == 0
        && Double.compare(macroF1, m.macroF1) == 0
        && Double.compare(weightedF1, m.weightedF1) == 0
        && Arrays.deepEquals(confusion, m.confusion)
        && Double.compare(logLoss, m.logLoss) == 0
        && Double.compare(expectedCalibrationError, m.expectedCalibrationError) == 0
        && mostConfidentMistakes.equals(m.mostConfidentMistakes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(confusion)
        + java.util.Objects.hash(
            n,
            accuracy,
            perClass,
            macroPrecision,
            macroRecall,
            macroF1,
            weightedF1,
            logLoss,
            expectedCalibrationError,
            mostConfidentMistakes);
  }

  @Override
  public String toString() {
    return "EvaluationMetrics[n="
        + n
        + ", accuracy="
        + accuracy
        + ", macroF1="
        + macroF1
        + ", weightedF1="
        + weightedF1
        + ", logLoss="
        + logLoss
        + ", ece="
        + expectedCalibrationError
        + ", confusion="
        + Arrays.deepToString(confusion)
        + "]";
  }

  private static int[][] deepCopy(int[][] matrix) {
    int[][] copy = new int[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      copy[i] = matrix[i].clone();
    }
    return copy;
  }
}
