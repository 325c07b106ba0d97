package dev.mlops.benchmarks;

import dev.mlops.core.drift.Baseline;
import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftDetector;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.ReferenceMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Seeded drift checks over the replicates: each draws {@code n} incoming images from a replicate's
 * held-back images (unchanged for false alarms, transformed for detection) and compares them with
 * the replicate's baseline by {@link DriftDetector#compare}, the statistics of {@code drift-check}.
 */
final class FalseAlarms {
  private FalseAlarms() {}

  /**
   * What the checks of one regime found.
   *
   * @param regime the regime's name
   * @param how how baseline and incoming images were drawn
   * @param incoming incoming images per check
   * @param seeds checks run
   * @param alarms checks with status drift
   * @param perReplicate alarms per replicate, in replicate order
   * @param fired per test, the checks in which it drifted (adjusted p below the level and a
   *     material effect)
   * @param significant per test, the checks in which its adjusted p was below the level (whatever
   *     the effect size)
   * @param medianPsi per test with an effect size, the median PSI over the checks
   * @param seconds wall time of all checks
   */
  record Tally(
      String regime,
      String how,
      int incoming,
      int seeds,
      int alarms,
      int[] perReplicate,
      Map<String, Integer> fired,
      Map<String, Integer> significant,
      Map<String, Double> medianPsi,
      double seconds) {
    double rate() {
      return (double) alarms / seeds;
    }
  }

  /** Which images a regime checks and against what. */
  record Regime(
      String name,
      String how,
      Function<DriftReplicate, Observations> incoming,
      Function<DriftReplicate, Baseline> baseline,
      boolean labeled) {}

  /** Incoming images drawn from the unchanged pool, checked against the baseline train wrote. */
  static Regime productionLike() {
    return new Regime(
        "production-like",
        "baseline as `train` writes it (features of train, outputs of test); incoming drawn from"
            + " the held-back images, labeled, reference = the model's scores on its test split",
        DriftReplicate::pool,
        DriftReplicate::baseline,
        true);
  }

  /** The same checks against a baseline with outputs of the val split (before this change). */
  static Regime valOutputs() {
    return new Regime(
        "production-like, outputs of val",
        "as production-like, but the baseline's outputs come from the val split that chose the"
            + " best epoch (the baseline before outputs came from the test split)",
        DriftReplicate::pool,
        DriftReplicate::valBaseline,
        true);
  }

  /** Checks of the transformed pool {@code name} (or the letters, unlabeled). */
  static Regime transformed(String name) {
    if (name.equals("letters")) {
      return new Regime(name, "letters", DriftReplicate::letters, DriftReplicate::baseline, false);
    }
    return new Regime(name, name, r -> r.transformed().get(name), DriftReplicate::baseline, true);
  }

  /**
   * Runs {@code draws} checks of {@code n} images per replicate ({@code n} at or above the set's
   * size: one check of all of it).
   */
  static Tally run(
      List<DriftReplicate> replicates, Regime regime, int n, int draws, DriftConfig config) {
    Counter counter = new Counter(config.pValue());
    long start = System.nanoTime();
    int[] perReplicate = new int[replicates.size()];
    int checks = 0;
    for (int r = 0; r < replicates.size(); r++) {
      DriftReplicate rep = replicates.get(r);
      Observations set = regime.incoming().apply(rep);
      int count = n >= set.size() ? 1 : draws;
      for (int d = 1; d <= count; d++) {
        int[] rows =
            n >= set.size()
                ? IntStream.range(0, set.size()).toArray()
                : Arrays.copyOf(permutation(set.size(), rep.seed() * 100_003L + d), n);
        ReferenceMetrics reference = regime.labeled() ? rep.reference() : null;
        DriftReport report = check(regime.baseline().apply(rep), set.rows(rows), reference, config);
        counter.add(report);
        perReplicate[r] += report.drifted() ? 1 : 0;
        checks++;
      }
    }
    return counter.tally(regime.name(), regime.how(), n, checks, perReplicate, start);
  }

  private static DriftReport check(
      Baseline baseline, Observations incoming, ReferenceMetrics reference, DriftConfig config) {
    return DriftDetector.compare(
        baseline,
        incoming,
        reference,
        config,
        DriftDetector.modelRef("replicate", baseline),
        null,
        0);
  }

  /** A seeded random permutation of 0..n-1 (Fisher-Yates). */
  static int[] permutation(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The tests of a report whose verdict passes {@code test}, by name. */
  static List<String> tests(DriftReport report, Predicate<Verdict> test) {
    return verdicts(report).stream().filter(test).map(Verdict::name).toList();
  }

  /** Every test of a report, in the report's order. */
  static List<Verdict> verdicts(DriftReport report) {
    List<Verdict> all = new ArrayList<>();
    for (FeatureDrift f : report.features()) {
      all.add(new Verdict(f.name(), f.drifted(), f.adjustedPValue(), f.psi()));
    }
    FeatureDrift c = report.confidence();
    all.add(new Verdict("confidence", c.drifted(), c.adjustedPValue(), c.psi()));
    DriftReport.PredictionDrift p = report.predictions();
    all.add(new Verdict("predictions", p.drifted(), p.adjustedPValue(), p.psi()));
    DriftReport.EmbeddingDrift e = report.embedding();
    all.add(new Verdict("embedding", e.drifted(), e.adjustedPValue(), Double.NaN));
    DriftReport.PerformanceDrift perf = report.performance();
    if (perf != null) {
      all.add(new Verdict("accuracy", perf.drifted(), perf.adjustedPValue(), Double.NaN));
    }
    return all;
  }

  /** One test's outcome in a report; {@code psi} is NaN for tests without one. */
  record Verdict(String name, boolean drifted, double adjustedP, double psi) {}

  /** Counts alarms and tests over the checks of a regime. */
  private static final class Counter {
    private final double level;
    private final Map<String, Integer> fired = new LinkedHashMap<>();
    private final Map<String, Integer> significant = new LinkedHashMap<>();
    private final Map<String, List<Double>> psi = new LinkedHashMap<>();
    private int alarms;

    Counter(double level) {
      this.level = level;
    }

    void add(DriftReport report) {
      if (report.drifted()) {
        alarms++;
      }
      for (Verdict v : verdicts(report)) {
        fired.merge(v.name(), v.drifted() ? 1 : 0, Integer::sum);
        significant.merge(v.name(), v.adjustedP() < level ? 1 : 0, Integer::sum);
        psi.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v.psi());
      }
    }

    Tally tally(String regime, String how, int n, int checks, int[] perReplicate, long start) {
      Map<String, Double> medians = new LinkedHashMap<>();
      psi.forEach((name, values) -> medians.put(name, median(values)));
      return new Tally(
          regime,
          how,
          n,
          checks,
          alarms,
          perReplicate,
          fired,
          significant,
          medians,
          (System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
