package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The false-alarm part of the drift section. */
final class DriftAlarmRows {
  /** The target of the production-like regime: the Wilson upper bound of its alarm rate. */
  static final double UPPER_TARGET = 0.08;

  private DriftAlarmRows() {}

  static String section(DriftConfig config, List<DriftBenchmark.Study> studies) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "### False alarms%n%n"
                    + "Incoming images drawn from the held-back pool, unchanged: the same"
                    + " distribution as the data the model was trained and baselined on, so every"
                    + " alarm is false. %d checks per replicate (one when the incoming set is the"
                    + " whole pool). Target for production-like checks of %d images: alarm rate <="
                    + " %s with the 95%% Wilson upper bound <= %s.%n%n",
                DriftBenchmark.ALARM_DRAWS,
                DriftBenchmark.SMALL,
                config.pValue(),
                UPPER_TARGET));
    Set<String> described = new LinkedHashSet<>();
    for (DriftBenchmark.Study s : studies) {
      for (FalseAlarms.Tally t : s.alarms()) {
        if (described.add(t.regime())) {
          out.append("- **").append(t.regime()).append("**: ").append(t.how()).append(".\n");
        }
      }
    }
    out.append(
        "\n| collection | regime | incoming | checks | alarms | alarm rate | 95% interval |"
            + " target | alarms per replicate |\n|---|---|---:|---:|---:|---:|---|---|---|\n");
    for (DriftBenchmark.Study s : studies) {
      for (FalseAlarms.Tally t : s.alarms()) {
        double[] ci = DriftRows.wilson(t.alarms(), t.seeds());
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %.3f | %.3f - %.3f | %s | %s |%n",
                s.source().name(),
                t.regime(),
                Math.min(t.incoming(), s.replicates().get(0).pool().size()),
                t.seeds(),
                t.alarms(),
                t.rate(),
                ci[0],
                ci[1],
                t.incoming() == DriftBenchmark.SMALL
                    ? verdict(t.rate(), ci[1], config.pValue())
                    : "-",
                Arrays.toString(t.perReplicate())));
      }
    }
    out.append(
        "\nChecks of one replicate share its model, baseline and pool, so they are not"
            + " independent; the Wilson interval treats them as if they were, and the alarms per"
            + " replicate show how much the rate varies between models.\n");
    return out.append(perTest(studies, config)).toString();
  }

  static String verdict(double rate, double upper, double level) {
    if (rate <= level && upper <= UPPER_TARGET) {
      return "met";
    }
    return String.format(
        Locale.ROOT,
        "NOT met (rate %+.3f, upper bound %+.3f off)",
        rate - level,
        upper - UPPER_TARGET);
  }

  /** Per test, how often it fired and how often its adjusted p alone was below the level. */
  private static String perTest(List<DriftBenchmark.Study> studies, DriftConfig config) {
    Set<String> tests = new LinkedHashSet<>();
    studies.forEach(s -> s.alarms().forEach(t -> tests.addAll(t.significant().keySet())));
    StringBuilder header = new StringBuilder("| test |");
    StringBuilder rule = new StringBuilder("|---|");
    for (DriftBenchmark.Study s : studies) {
      for (FalseAlarms.Tally t : s.alarms()) {
        header.append(
            String.format(
                Locale.ROOT,
                " %s, %s, %d |",
                s.source().name(),
                t.regime(),
                Math.min(t.incoming(), s.replicates().get(0).pool().size())));
        rule.append("---|");
      }
    }
    StringBuilder out =
        new StringBuilder(
            "\nPer test: checks in which it fired (adjusted p below the level and, for features,"
                + " confidence and predictions, PSI beyond its sampling noise >= "
                + config.psiThreshold()
                + "; for accuracy, a drop above "
                + config.maxAccuracyDrop()
                + ") / checks in which its Holm-adjusted p alone was below the level:\n\n");
    out.append(header).append('\n').append(rule).append('\n');
    for (String test : tests) {
      out.append("| ").append(test).append(" |");
      for (DriftBenchmark.Study s : studies) {
        for (FalseAlarms.Tally t : s.alarms()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  " %d / %d |",
                  t.fired().getOrDefault(test, 0),
                  t.significant().getOrDefault(test, 0)));
        }
      }
      out.append('\n');
    }
    return out.append('\n').toString();
  }
}
