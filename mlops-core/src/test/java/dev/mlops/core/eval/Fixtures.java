package dev.mlops.core.eval;

import dev.mlops.core.InvalidInputException;
import java.util.List;

/** Small, exactly known metrics for the gate, report and HTML tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * 4 images, 2 classes, 3 correct: accuracy 0.75. Image 2 ("dog/2.png", a dog) is predicted cat
   * with 0.75; log loss = (3 ln(1/0.75) + ln 4) / 4.
   */
  static EvaluationMetrics metrics(List<String> labels) throws InvalidInputException {
    float[][] p = {{0.75f, 0.25f}, {0.25f, 0.75f}, {0.75f, 0.25f}, {0.25f, 0.75f}};
    return Metrics.compute(
        labels,
        new int[] {0, 1, 1, 1},
        p,
        List.of(
            labels.get(0) + "/1.png",
            labels.get(1) + "/1.png",
            labels.get(1) + "/2.png",
            labels.get(1) + "/3.png"));
  }

  static EvaluationMetrics metrics() throws InvalidInputException {
    return metrics(List.of("cat", "dog"));
  }
}
