package dev.mlops.core.eval;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Classification metrics from predicted probabilities. Deterministic: the predicted class is the
 * most probable one (the first on ties, as {@code argmax}), and mistakes with equal confidence keep
 * input order.
 */
public final class Metrics {
  /** Probabilities below this are raised to it before the log, so one zero cannot give infinity. */
  public static final double PROBABILITY_FLOOR = 1e-15;

  /** Equal-width confidence bins of the expected calibration error. */
  public static final int CALIBRATION_BINS = 15;

  /** The most confident mistakes kept in {@link EvaluationMetrics#mostConfidentMistakes()}. */
  public static final int MAX_MISTAKES = 20;

  // Softmax in float sums to 1 within a few ulps; a wider gap means logits or garbage were passed.
  private static final double SUM_TOLERANCE = 1e-3;

  private Metrics() {}

  /**
   * Computes every metric of {@link EvaluationMetrics}.
   *
   * <p>Classes with no true images and/or no predictions get precision, recall and F1 of 0 where
   * the denominator is 0 (scikit-learn's {@code zero_division=0}) and still count in the macro
   * averages, so a model that never predicts a class is not rewarded for it.
   *
   * @param labels class names; index {@code i} is column {@code i} of {@code probabilities}
   * @param truth the true class index of every image
   * @param probabilities one row per image, one probability per class, each row summing to 1
   * @param files a name for every image (used in {@link Mistake}), for example its relative path
   * @throws InvalidInputException when there are no images, no or duplicate labels, sizes disagree,
   *     a class index is out of range, or a row is not a probability distribution
   */
  public static EvaluationMetrics compute(
      List<String> labels, int[] truth, float[][] probabilities, List<String> files)
      throws InvalidInputException {
    validate(labels, truth, probabilities, files);
    int k = labels.size();
    int n = truth.length;
    int[] predicted = new int[n];
    int[][] confusion = new int[k][k];
    int correct = 0;
    double logLoss = 0;
    for (int i = 0; i < n; i++) {
      predicted[i] = argmax(probabilities[i]);
      confusion[truth[i]][predicted[i]]++;
      correct += truth[i] == predicted[i] ? 1 : 0;
      logLoss -= Math.log(Math.max(PROBABILITY_FLOOR, probabilities[i][truth[i]]));
    }
    List<ClassMetrics> perClass = perClass(labels, confusion);
    return new EvaluationMetrics(
        n,
        (double) correct / n,
        perClass,
        perClass.stream().mapToDouble(ClassMetrics::precision).sum() / k,
        perClass.stream().mapToDouble(ClassMetrics::recall).sum() / k,
        perClass.stream().mapToDouble(ClassMetrics::f1).sum() / k,
        perClass.stream().mapToDouble(c -> c.f1() * c.support()).sum() / n,
        confusion,
        logLoss / n,
        calibrationError(truth, predicted, probabilities),
        mistakes(labels, truth, predicted, probabilities, files));
  }

  private static List<ClassMetrics> perClass(List<String> labels, int[][] confusion) {
    int k = labels.size();
    List<ClassMetrics> result = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      int support = 0;
      int predictedAs = 0;
      for (int j = 0; j < k; j++) {
        support += confusion[c][j];
        predictedAs += confusion[j][c];
      }
      int fp = predictedAs - tp;
      int fn = support - tp;
      result.add(
          new ClassMetrics(
              labels.get(c),
              ratio(tp, predictedAs),
              ratio(tp, support),
              ratio(2 * tp, 2 * tp + fp + fn),
              support));
    }
    return result;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  /**
   * Bin {@code b} holds confidences in {@code (b/15, (b+1)/15]}; the error is {@code sum over bins
   * of |correct - sum of confidences| / n}, which equals the bin-size-weighted {@code |accuracy -
   * mean confidence|}.
   */
  private static double calibrationError(int[] truth, int[] predicted, float[][] probabilities) {
    double[] gap = new double[CALIBRATION_BINS];
    for (int i = 0; i < truth.length; i++) {
      double confidence = probabilities[i][predicted[i]];
      int bin = (int) Math.ceil(confidence * CALIBRATION_BINS) - 1;
      bin = Math.max(0, Math.min(CALIBRATION_BINS - 1, bin));
      gap[bin] += (truth[i] == predicted[i] ? 1 : 0) - confidence;
    }
    double sum = 0;
    for (double g : gap) {
      sum += Math.abs(g);
    }
    return sum / truth.length;
  }

  private static List<Mistake> mistakes(
      List<String> labels,
      int[] truth,
      int[] predicted,
      float[][] probabilities,
      List<String> files) {
    List<Mistake> all = new ArrayList<>();
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] != predicted[i]) {
        all.add(
            new Mistake(
                files.get(i),
                labels.get(truth[i]),
                labels.get(predicted[i]),
                probabilities[i][predicted[i]]));
      }
    }
    // A stable sort keeps input order among equal confidences.
    all.sort(Comparator.comparingDouble(Mistake::confidence).reversed());
    return all.subList(0, Math.min(MAX_MISTAKES, all.size()));
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      if (row[c] > row[best]) {
        best = c;
      }
    }
    return best;
  }

  private static void validate(
      List<String> labels, int[] truth, float[][] probabilities, List<String> files)
      throws InvalidInputException {
    if (labels == null || labels.isEmpty()) {
      throw new InvalidInputException(
          "no class labels given; the model's labels.json must list its classes", null);
    }
    if (labels.stream().anyMatch(Objects::isNull)
        || new HashSet<>(labels).size() != labels.size()) {
      throw new InvalidInputException(
          "class labels " + labels + " contain a duplicate or null; each class must appear once",
          String.valueOf(labels));
    }
    if (truth == null || truth.length == 0) {
      throw new InvalidInputException(
          "no images to evaluate; add images to the test (or val) split of the data directory",
          null);
    }
    if (probabilities == null
        || probabilities.length != truth.length
        || files == null
        || files.size() != truth.length) {
      throw new InvalidInputException(
          "expected one probability row and one file name per image ("
              + truth.length
              + " images) but got "
              + (probabilities == null ? 0 : probabilities.length)
              + " rows and "
              + (files == null ? 0 : files.size())
              + " file names",
          null);
    }
    for (int i = 0; i < truth.length; i++) {
      validateRow(labels, truth[i], probabilities[i], files.get(i));
    }
  }

  private static void validateRow(List<String> labels, int truth, float[] row, String file)
      throws InvalidInputException {
    if (truth < 0 || truth >= labels.size()) {
      throw new InvalidInputException(
          file
              + ": true class index "
              + truth
              + " is outside the model's "
              + labels.size()
              + " classes "
              + labels
              + "; evaluate on data with the model's classes",
          String.valueOf(truth));
    }
    double sum = 0;
    boolean inRange = row != null && row.length == labels.size();
    for (int c = 0; inRange && c < row.length; c++) {
      inRange = row[c] >= 0 && row[c] <= 1; // false for NaN too
      sum += row[c];
    }
    if (!inRange || Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new InvalidInputException(
          file
              + ": the predicted probabilities "
              + java.util.Arrays.toString(row)
              + " are not a distribution over "
              + labels.size()
              + " classes (each in [0,1], summing to 1); apply softmax to the model's outputs",
          java.util.Arrays.toString(row));
    }
  }
}
