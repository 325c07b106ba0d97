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
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * False alarms: drift checks of incoming images drawn from the same distribution as the baseline,
 * one per seed. Every alarm is a false one, so the alarm rate estimates the family-wise error rate
 * the checks really have at the configured level.
 */
final class FalseAlarms {
  /** Incoming images per check. */
  static final int INCOMING = 60;

  /** Pooled images that make the baseline outputs in the exchangeable regime. */
  static final int POOL_BASELINE = 100;

  private FalseAlarms() {}

  /**
   * What the checks of one regime found.
   *
   * @param regime the regime's name
   * @param how how baseline and incoming images were drawn
   * @param seeds checks run
   * @param alarms checks with status drift
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
      int seeds,
      int alarms,
      Map<String, Integer> fired,
      Map<String, Integer> significant,
      Map<String, Double> medianPsi,
      double seconds) {}

  /**
   * Baseline from train (features) and val (outputs); incoming a seeded random subset of the test
   * split, compared with the model's scores on the whole test split.
   */
  static Tally productionLike(DriftBenchmark.Example example, int seeds, DriftConfig config) {
    String how =
        "baseline: features of the "
            + example.train().size()
            + " train images, outputs of the "
            + example.val().size()
            + " val images; incoming: "
            + INCOMING
            + " of the "
            + example.test().size()
            + " test images, labeled, reference = the model's scores on the whole test split";
    Counter counter = new Counter(config.pValue());
    long start = System.nanoTime();
    for (int seed = 1; seed <= seeds; seed++) {
      int[] rows = Arrays.copyOf(permutation(example.test().size(), seed), INCOMING);
      counter.add(
          check(example.baseline(), example.test().rows(rows), example.testReference(), config));
    }
    return counter.tally("production-like", how, seeds, start);
  }

  /**
   * Val and test pooled (exchangeable images) and shuffled per seed: the baseline's outputs from
   * the first {@value #POOL_BASELINE} (its features from train plus those), incoming {@value
   * #INCOMING} of the others, compared with the baseline's own accuracy.
   */
  static Tally exchangeable(DriftBenchmark.Example example, int seeds, DriftConfig config) {
    return pooled(example, seeds, config, true);
  }

  /**
   * As {@link #exchangeable} but the baseline's features also come from the pooled images only, so
   * baseline and incoming images are exchangeable in every test: the detector's own error rate,
   * whatever the differences between the example's splits.
   */
  static Tally poolOnly(DriftBenchmark.Example example, int seeds, DriftConfig config) {
    return pooled(example, seeds, config, false);
  }

  private static Tally pooled(
      DriftBenchmark.Example example, int seeds, DriftConfig config, boolean trainFeatures) {
    Observations pool = concat(example.val(), example.test());
    String how =
        String.format(
            Locale.ROOT,
            "val + test pooled (%d images) and shuffled per seed; baseline: features of %sthe"
                + " first %d, outputs of those %d; incoming: %d of the other %d, labeled,"
                + " reference = the baseline's own scores on its %d",
            pool.size(),
            trainFeatures ? "the " + example.train().size() + " train images + " : "",
            POOL_BASELINE,
            POOL_BASELINE,
            INCOMING,
            pool.size() - POOL_BASELINE,
            POOL_BASELINE);
    Counter counter = new Counter(config.pValue());
    long start = System.nanoTime();
    for (int seed = 1; seed <= seeds; seed++) {
      int[] order = permutation(pool.size(), seed);
      Observations reference = pool.rows(Arrays.copyOf(order, POOL_BASELINE));
      Observations incoming =
          pool.rows(Arrays.copyOfRange(order, POOL_BASELINE, POOL_BASELINE + INCOMING));
      Baseline baseline =
          Baseline.build(
              example.fingerprint(),
              example.labels(),
              trainFeatures ? "train+pool" : "pool",
              trainFeatures ? concat(example.train(), reference) : reference,
              "pool",
              reference,
              example.projection(),
              DriftBenchmark.BASELINE_SEED);
      ReferenceMetrics scores =
          new ReferenceMetrics("baseline outputs", baseline.accuracy(), baseline.macroF1());
      counter.add(check(baseline, incoming, scores, config));
    }
    String name = trainFeatures ? "exchangeable" : "exchangeable, pool only";
    return counter.tally(name, how, seeds, start);
  }

  private static DriftReport check(
      Baseline baseline, Observations incoming, ReferenceMetrics reference, DriftConfig config) {
    return DriftDetector.compare(
        baseline,
        incoming,
        reference,
        config,
        DriftDetector.modelRef("example", baseline),
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

  /** The rows of {@code a} followed by those of {@code b}; both with model outputs and labels. */
  static Observations concat(Observations a, Observations b) {
    List<String> files = new ArrayList<>(a.files());
    files.addAll(b.files());
    float[] confidence = Arrays.copyOf(a.confidence(), a.size() + b.size());
    System.arraycopy(b.confidence(), 0, confidence, a.size(), b.size());
    return new Observations(
        files,
        Stream.concat(Arrays.stream(a.features()), Arrays.stream(b.features()))
            .toArray(double[][]::new),
        Stream.concat(Arrays.stream(a.embeddings()), Arrays.stream(b.embeddings()))
            .toArray(float[][]::new),
        confidence,
        IntStream.concat(IntStream.of(a.predicted()), IntStream.of(b.predicted())).toArray(),
        IntStream.concat(IntStream.of(a.labels()), IntStream.of(b.labels())).toArray());
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

    Tally tally(String regime, String how, int seeds, long start) {
      Map<String, Double> medians = new LinkedHashMap<>();
      psi.forEach((name, values) -> medians.put(name, median(values)));
      return new Tally(
          regime,
          how,
          seeds,
          alarms,
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
