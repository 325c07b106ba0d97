package dev.mlops.core.eval;

/**
 * The outcome of one quality gate.
 *
 * @param metric the metric compared: {@code accuracy}, {@code macroF1}, {@code logLoss}, or {@code
 *     accuracyDrop} (baseline accuracy minus this model's accuracy) for the regression gate
 * @param value the metric's value (0 when the regression gate is skipped for lack of a baseline)
 * @param comparison how {@code value} must relate to {@code threshold}: {@code ">="} or {@code
 *     "<="}
 * @param threshold the gate's value as configured
 * @param passed whether the gate holds
 * @param message one line for people, naming the metric, its value and the gate, for example {@code
 *     accuracy 0.42 is below the gate minAccuracy=0.9}
 * @param skipped whether the gate could not be checked and passed without a comparison (the
 *     regression gate while no model stands behind its alias); front ends show it as a warning
 */
public record GateResult(
    String metric,
    double value,
    String comparison,
    double threshold,
    boolean passed,
    String message,
    boolean skipped) {
  /** A gate that was checked. */
  public GateResult(
      String metric,
      double value,
      String comparison,
      double threshold,
      boolean passed,
      String message) {
    this(metric, value, comparison, threshold, passed, message, false);
  }
}
