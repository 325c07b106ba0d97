package dev.mlops.core.eval;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The thresholds a model must meet. Every threshold is optional ({@code null} = no gate). A class
 * rather than a record because the constructor rejects bad thresholds with the checked {@link
 * InvalidInputException}, which a record's canonical constructor cannot throw.
 *
 * <p>The regression gate compares accuracy: this model's accuracy may be at most {@code
 * maxRegression} below that of the model behind the alias {@code compareTo}, as measured on the
 * same split (the {@link BaselineProvider} supplies it). Without a model behind the alias yet, the
 * gate passes and is marked skipped, so the first model of a project can be registered; an alias
 * that never existed fails in the provider.
 */
public final class QualityGates {
  // Accuracies are k/n; a drop equal to the gate must not fail through a rounding ulp.
  private static final double TOLERANCE = 1e-12;

  private final Double minAccuracy;
  private final Double minMacroF1;
  private final Double maxLogLoss;
  private final String compareTo;
  private final Double maxRegression;

  /**
   * Validates and keeps the thresholds.
   *
   * @param minAccuracy the lowest accepted accuracy, in [0,1]
   * @param minMacroF1 the lowest accepted macro F1, in [0,1]
   * @param maxLogLoss the highest accepted log loss, greater than 0
   * @param compareTo the alias of the model this one must not be worse than
   * @param maxRegression the largest accepted accuracy drop against {@code compareTo}, in [0,1]; 0
   *     when {@code compareTo} is set and this is {@code null}
   * @throws InvalidInputException naming the parameter, its value and the allowed values
   */
  public QualityGates(
      Double minAccuracy,
      Double minMacroF1,
      Double maxLogLoss,
      String compareTo,
      Double maxRegression)
      throws InvalidInputException {
    requireFraction("minAccuracy", minAccuracy, "e.g. 0.9 for 90% correct predictions");
    requireFraction("minMacroF1", minMacroF1, "e.g. 0.85");
    if (maxLogLoss != null && !(maxLogLoss > 0 && maxLogLoss < Double.POSITIVE_INFINITY)) {
      throw bad("maxLogLoss", maxLogLoss, "must be a number greater than 0, e.g. 0.5");
    }
    requireFraction(
        "maxRegression", maxRegression, "the largest accepted accuracy drop, e.g. 0.02");
    if (compareTo != null) {
      Names.requireValid(compareTo, "compareTo");
    } else if (maxRegression != null) {
      throw bad(
          "maxRegression",
          maxRegression,
          "has no model to compare with; set compareTo to an alias (e.g. production) or remove"
              + " maxRegression",
          "compareTo");
    }
    this.minAccuracy = minAccuracy;
    this.minMacroF1 = minMacroF1;
    this.maxLogLoss = maxLogLoss;
    this.compareTo = compareTo;
    this.maxRegression =
        compareTo != null && maxRegression == null ? Double.valueOf(0) : maxRegression;
  }

  /** No gates: every check passes with an empty result list. */
  public static QualityGates none() {
    try {
      return new QualityGates(null, null, null, null, null);
    } catch (InvalidInputException e) {
      throw new IllegalStateException("no thresholds cannot be invalid", e);
    }
  }

  /**
   * Checks every configured gate, in the order accuracy, macro F1, log loss, regression.
   *
   * @param baselines finds the metrics of the model behind {@link #compareTo()}; consulted only
   *     when it is set
   * @throws MlopsException when {@code baselines} cannot read the registry, or refuses the alias
   *     ({@link dev.mlops.core.InvalidInputException} for one that never existed)
   */
  public List<GateResult> check(EvaluationMetrics metrics, BaselineProvider baselines)
      throws MlopsException {
    List<GateResult> results = new ArrayList<>();
    if (minAccuracy != null) {
      results.add(atLeast("accuracy", metrics.accuracy(), "minAccuracy", minAccuracy));
    }
    if (minMacroF1 != null) {
      results.add(atLeast("macroF1", metrics.macroF1(), "minMacroF1", minMacroF1));
    }
    if (maxLogLoss != null) {
      results.add(atMost(metrics.logLoss(), maxLogLoss));
    }
    if (compareTo != null) {
      results.add(regression(metrics, baselines.baseline(compareTo)));
    }
    return results;
  }

  private static GateResult atLeast(String metric, double value, String gate, double threshold) {
    boolean passed = value >= threshold;
    String message =
        metric
            + " "
            + Numbers.distinct(value, threshold)
            + (passed ? " meets the gate " : " is below the gate ")
            + setting(gate, threshold);
    return new GateResult(metric, value, ">=", threshold, passed, message);
  }

  private static GateResult atMost(double value, double threshold) {
    boolean passed = value <= threshold;
    String message =
        "logLoss "
            + Numbers.distinct(value, threshold)
            + (passed ? " meets the gate " : " is above the gate ")
            + setting("maxLogLoss", threshold);
    return new GateResult("logLoss", value, "<=", threshold, passed, message);
  }

  private GateResult regression(EvaluationMetrics metrics, Optional<EvaluationMetrics> baseline) {
    String gate = setting("maxRegression", maxRegression);
    if (baseline.isEmpty()) {
      return new GateResult(
          "accuracyDrop",
          0,
          "<=",
          maxRegression,
          true,
          "no model behind alias " + compareTo + " yet; regression gate skipped",
          true);
    }
    double before = baseline.get().accuracy();
    double drop = before - metrics.accuracy();
    boolean passed = drop <= maxRegression + TOLERANCE;
    String message =
        "accuracy "
            + Numbers.rounded(metrics.accuracy(), 4)
            + " against "
            + Numbers.rounded(before, 4)
            + " of the model behind alias "
            + compareTo
            + (drop <= 0
                ? ": no drop; gate "
                : ": a drop of "
                    + Numbers.distinct(drop, maxRegression)
                    + (passed ? " is within the gate " : " exceeds the gate "))
            + gate;
    return new GateResult("accuracyDrop", drop, "<=", maxRegression, passed, message);
  }

  /** The gate as {@code key=value}, e.g. {@code minAccuracy=0.9}: the key names the setting. */
  private static String setting(String name, double value) {
    return name + "=" + Numbers.plain(value);
  }

  private static void requireFraction(String name, Double value, String example)
      throws InvalidInputException {
    if (value != null && !(value >= 0 && value <= 1)) {
      throw bad(name, value, "must be in [0,1], " + example);
    }
  }

  private static InvalidInputException bad(
      String name, Double value, String rule, String... alsoSettings) {
    return new InvalidInputException(
        name + " is " + value + "; " + rule,
        String.valueOf(value),
        Remedy.setting(name).orSetting(alsoSettings));
  }

  /** The lowest accepted accuracy, or {@code null} for no gate. */
  public Double minAccuracy() {
    return minAccuracy;
  }

  /** The lowest accepted macro F1, or {@code null} for no gate. */
  public Double minMacroF1() {
    return minMacroF1;
  }

  /** The highest accepted log loss, or {@code null} for no gate. */
  public Double maxLogLoss() {
    return maxLogLoss;
  }

  /** The alias of the model this one is compared with, or {@code null} for no regression gate. */
  public String compareTo() {
    return compareTo;
  }

  /**
   * The largest accepted accuracy drop against {@link #compareTo()}, or {@code null} without it.
   */
  public Double maxRegression() {
    return maxRegression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QualityGates g
        && Objects.equals(minAccuracy, g.minAccuracy)
        && Objects.equals(minMacroF1, g.minMacroF1)
        && Objects.equals(maxLogLoss, g.maxLogLoss)
        && Objects.equals(compareTo, g.compareTo)
        && Objects.equals(maxRegression, g.maxRegression);
  }

  @Override
  public int hashCode() {
    return Objects.hash(minAccuracy, minMacroF1, maxLogLoss, compareTo, maxRegression);
  }

  @Override
  public String toString() {
    return "QualityGates[minAccuracy="
        + minAccuracy
        + ", minMacroF1="
        + minMacroF1
        + ", maxLogLoss="
        + maxLogLoss
        + ", compareTo="
        + compareTo
        + ", maxRegression="
        + maxRegression
        + "]";
  }
}
