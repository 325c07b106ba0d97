package dev.mlops.benchmarks;

import dev.mlops.benchmarks.ExperimentBenchmark.Counts;
import dev.mlops.benchmarks.ExperimentBenchmark.Model;
import dev.mlops.benchmarks.ExperimentBenchmark.Point;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import java.util.Arrays;
import java.util.Map;

/**
 * One measured point of {@link ExperimentBenchmark}: the load, control's latencies, and what the
 * server's metrics and CPU time say happened meanwhile.
 */
final class ExperimentPoints {
  /** How long a point waits for the shadow work it caused to finish (never a hang). */
  private static final long DRAIN_SECONDS = 60;

  private ExperimentPoints() {}

  /**
   * Waits for a quieter machine (bounded), warms up, measures; the shadow work the point caused is
   * finished before the server's CPU time and metrics are read.
   */
  static Point point(
      ServerProcess server,
      LoadGenerator load,
      Experiment experiment,
      Model model,
      String config,
      int round,
      int clients,
      Counts counts)
      throws Exception {
    ServingMeasures.quiet(server, counts.quietSeconds());
    load.warm(clients, Math.max(2 * clients, model.requests() / 10), counts.pointSeconds() / 4.0);
    drain(load);
    String name = experiment == null ? "" : experiment.name();
    CpuShare start = CpuShare.now();
    long ticks = server.cpuTicks();
    Map<String, Double> before = ServingMeasures.scrape(load);
    LoadGenerator.Timed t = load.measureEach(clients, model.requests(), counts.pointSeconds());
    drain(load);
    long used = server.cpuTicks() - ticks;
    Map<String, Double> after = ServingMeasures.scrape(load);
    long[] control = controlNanos(load, experiment, t);
    return new Point(
        model.name(),
        config,
        round,
        clients,
        t.result(),
        control.length,
        control.length == 0 ? Double.NaN : LoadGenerator.percentile(control, 50) / 1e6,
        control.length == 0 ? Double.NaN : LoadGenerator.percentile(control, 99) / 1e6,
        config.equals("split")
            ? delta(before, after, "experiment_predictions", name, "treatment")
            : 0,
        config.equals("shadow")
            ? delta(before, after, "experiment_predictions", name, "treatment")
            : 0,
        delta(before, after, "shadow_dropped", name, ""),
        1000 * ServerProcess.seconds(used) / t.result().requests(),
        CpuShare.othersSince(start, used));
  }

  /** The sorted latencies of the requests control answered (a split's control users only). */
  private static long[] controlNanos(
      LoadGenerator load, Experiment experiment, LoadGenerator.Timed t) {
    if (experiment == null || experiment.mode() == ExperimentMode.SHADOW) {
      long[] all = t.nanos().clone();
      Arrays.sort(all);
      return all;
    }
    long[] kept = new long[t.nanos().length];
    int n = 0;
    for (int i = 0; i < kept.length; i++) {
      if (Assignment.variant(experiment, load.user(t.ids()[i])).equals(Assignment.CONTROL)) {
        kept[n++] = t.nanos()[i];
      }
    }
    long[] control = Arrays.copyOf(kept, n);
    Arrays.sort(control);
    return control;
  }

  /**
   * The growth of the server's {@code mlops_<metric>_total} samples of {@code experiment} (and
   * {@code variant}, when given) between two scrapes, summed over their other labels.
   */
  private static double delta(
      Map<String, Double> before,
      Map<String, Double> after,
      String metric,
      String experiment,
      String variant) {
    double sum = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("mlops_" + metric + "_total{")
          && key.contains("experiment=\"" + experiment + "\"")
          && (variant.isEmpty() || key.contains("variant=\"" + variant + "\""))) {
        sum += e.getValue() - before.getOrDefault(key, 0.0);
      }
    }
    return sum;
  }

  /**
   * Waits (bounded) until no shadow work is pending, so it is counted in the point it belongs to.
   */
  private static void drain(LoadGenerator load) throws Exception {
    long deadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
    while (ServingMeasures.scrape(load).getOrDefault("mlops_shadow_pending", 0.0) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("shadow work still pending after " + DRAIN_SECONDS + " s");
      }
      Thread.sleep(20);
    }
  }
}
