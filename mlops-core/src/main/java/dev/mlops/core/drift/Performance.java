package dev.mlops.core.drift;

/**
 * Accuracy and macro F1 of predictions against labels. The macro average runs over the classes
 * present in the labels only: a batch of incoming images rarely holds every class, and a class
 * without images says nothing about the model.
 *
 * @param images labeled images
 * @param correct correctly predicted images
 * @param accuracy correct / images
 * @param macroF1 the mean F1 over the classes with at least one image
 */
public record Performance(int images, int correct, double accuracy, double macroF1) {
  /**
   * Scores {@code predicted} against {@code labels} (class indices, same length, not empty).
   *
   * @throws IllegalArgumentException when the arrays are empty or of different lengths
   */
  public static Performance of(int[] predicted, int[] labels) {
    if (predicted.length != labels.length || labels.length == 0) {
      throw new IllegalArgumentException(
          predicted.length + " predictions for " + labels.length + " labels");
    }
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      k = Math.max(k, Math.max(labels[i], predicted[i]) + 1);
    }
    int[] tp = new int[k];
    int[] support = new int[k];
    int[] predictedAs = new int[k];
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      support[labels[i]]++;
      predictedAs[predicted[i]]++;
      if (labels[i] == predicted[i]) {
        tp[labels[i]]++;
        correct++;
      }
    }
    double f1Sum = 0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
      if (support[c] > 0) {
        classes++;
        f1Sum += 2.0 * tp[c] / (support[c] + predictedAs[c]);
      }
    }
    return new Performance(
        labels.length, correct, (double) correct / labels.length, f1Sum / classes);
  }
}
