package dev.mlops.benchmarks;

import dev.mlops.core.drift.ImageFeature;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.Performance;
import dev.mlops.core.drift.stats.KolmogorovSmirnov;
import dev.mlops.core.drift.stats.TestResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How much the example's own splits differ, on all their images: a same-distribution false-alarm
 * benchmark is only as good as the assumption that the splits it draws from are exchangeable.
 */
final class DriftSplits {
  private DriftSplits() {}

  /** One compared quantity: its name and how to read it from observations. */
  private record Quantity(String name, Function<Observations, double[]> values) {}

  static String section(DriftBenchmark.Example ex) {
    StringBuilder out =
        new StringBuilder(
            "### How different the example's splits are\n\n"
                + "Two-sample KS tests between whole splits (unadjusted p-values; quantities that"
                + " are constant in every split are left out), and the model's scores per split."
                + " The drift tests can only stay quiet on \"same-distribution\" checks if these"
                + " splits are exchangeable.\n\n"
                + "| quantity | mean train / val / test | KS train vs val (p) | KS train vs test (p)"
                + " | KS val vs test (p) |\n"
                + "|---|---|---|---|---|\n");
    for (Quantity q : quantities()) {
      double[] train = q.values().apply(ex.train());
      double[] val = q.values().apply(ex.val());
      double[] test = q.values().apply(ex.test());
      if (constant(train) && constant(val) && constant(test)) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4g / %.4g / %.4g | %s | %s | %s |%n",
              q.name(),
              mean(train),
              mean(val),
              mean(test),
              ks(train, val),
              ks(train, test),
              ks(val, test)));
    }
    out.append('\n').append(scores(ex));
    return out.append('\n').toString();
  }

  /** The model's scores on each split. */
  private static String scores(DriftBenchmark.Example ex) {
    StringBuilder out = new StringBuilder();
    for (String split : List.of("train", "val", "test")) {
      Observations o =
          split.equals("train") ? ex.train() : split.equals("val") ? ex.val() : ex.test();
      Performance p = Performance.of(o.predicted(), o.labels());
      out.append(
          String.format(
              Locale.ROOT,
              "- Model on %s (%d images): accuracy %.3f, macro F1 %.3f, mean confidence %.3f.%n",
              split,
              o.size(),
              p.accuracy(),
              p.macroF1(),
              mean(o.confidences())));
    }
    return out.toString();
  }

  private static List<Quantity> quantities() {
    List<Quantity> out = new ArrayList<>();
    for (ImageFeature f : ImageFeature.values()) {
      out.add(new Quantity(f.id(), o -> o.column(f)));
    }
    out.add(new Quantity("confidence", Observations::confidences));
    return out;
  }

  private static String ks(double[] a, double[] b) {
    TestResult r = KolmogorovSmirnov.twoSample(a, b);
    return String.format(Locale.ROOT, "%.3f (%.2g)", r.statistic(), r.pValue());
  }

  private static boolean constant(double[] v) {
    return Arrays.stream(v).allMatch(x -> x == v[0]);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }
}
