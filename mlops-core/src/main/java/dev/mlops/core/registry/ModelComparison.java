package dev.mlops.core.registry;

import dev.mlops.core.data.version.DataDiff;
import dev.mlops.core.eval.EvaluationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * How two versions of a model differ.
 *
 * @param from the first version compared
 * @param to the second version compared
 * @param metrics the recorded metrics of both, empty when either was registered unevaluated
 * @param hyperparameters the hyperparameters whose values differ, by name
 * @param dataDiff what changed between their dataset versions; null when both were trained on the
 *     same dataset version, or on different datasets
 */
public record ModelComparison(
    ModelVersionCard from,
    ModelVersionCard to,
    List<MetricDelta> metrics,
    List<HyperparameterChange> hyperparameters,
    DataDiff dataDiff) {

  /**
   * One metric of both versions.
   *
   * @param metric the metric name
   * @param before its value in {@code from}
   * @param after its value in {@code to}
   */
  public record MetricDelta(String metric, double before, double after) {
    /** {@code after - before}. */
    public double delta() {
      return after - before;
    }
  }

  /**
   * One hyperparameter with different values; null when a version does not have it.
   *
   * @param name the hyperparameter
   * @param before its value in {@code from}
   * @param after its value in {@code to}
   */
  public record HyperparameterChange(String name, Object before, Object after) {}

  /** Copies the lists. */
  public ModelComparison {
    metrics = List.copyOf(metrics);
    hyperparameters = List.copyOf(hyperparameters);
  }

  /** Compares the cards; {@code dataDiff} as in the record. */
  static ModelComparison of(ModelVersionCard from, ModelVersionCard to, DataDiff dataDiff) {
    List<MetricDelta> metrics = new ArrayList<>();
    EvaluationMetrics a = from.metrics();
    EvaluationMetrics b = to.metrics();
    if (a != null && b != null) {
      add(metrics, "accuracy", a, b, EvaluationMetrics::accuracy);
      add(metrics, "macroF1", a, b, EvaluationMetrics::macroF1);
      add(metrics, "macroPrecision", a, b, EvaluationMetrics::macroPrecision);
      add(metrics, "macroRecall", a, b, EvaluationMetrics::macroRecall);
      add(metrics, "weightedF1", a, b, EvaluationMetrics::weightedF1);
      add(metrics, "logLoss", a, b, EvaluationMetrics::logLoss);
      add(metrics, "expectedCalibrationError", a, b, EvaluationMetrics::expectedCalibrationError);
    }
    List<HyperparameterChange> changes = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(from.hyperparameters().keySet());
    names.addAll(to.hyperparameters().keySet());
    for (String name : names) {
      Object before = from.hyperparameters().get(name);
      Object after = to.hyperparameters().get(name);
      if (!Objects.equals(before, after)) {
        changes.add(new HyperparameterChange(name, before, after));
      }
    }
    return new ModelComparison(from, to, metrics, changes, dataDiff);
  }

  private static void add(
      List<MetricDelta> metrics,
      String name,
      EvaluationMetrics a,
      EvaluationMetrics b,
      ToDoubleFunction<EvaluationMetrics> metric) {
    metrics.add(new MetricDelta(name, metric.applyAsDouble(a), metric.applyAsDouble(b)));
  }

  /** Lines for the build log: metric deltas, hyperparameter changes, then the dataset diff. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    lines.add("Model " + from.name() + " " + from.versionName() + " -> " + to.versionName());
    if (metrics.isEmpty()) {
      lines.add("  metrics: not recorded for both versions");
    }
    for (MetricDelta m : metrics) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-26s %.4f -> %.4f (%+.4f)",
              m.metric(),
              m.before(),
              m.after(),
              m.delta()));
    }
    if (hyperparameters.isEmpty()) {
      lines.add("  hyperparameters: identical");
    }
    for (HyperparameterChange h : hyperparameters) {
      lines.add("  " + h.name() + ": " + h.before() + " -> " + h.after());
    }
    lines.addAll(datasetLines());
    return lines;
  }

  private List<String> datasetLines() {
    ModelVersionCard.DatasetRef a = from.dataset();
    ModelVersionCard.DatasetRef b = to.dataset();
    if (dataDiff != null) {
      return dataDiff.summaryLines();
    }
    if (a.equals(b)) {
      return List.of("  dataset: both trained on " + a.name() + " v" + a.version());
    }
    return List.of(
        "  dataset: " + a.name() + " v" + a.version() + " -> " + b.name() + " v" + b.version());
  }
}
