package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The false-alarm part of the drift section. */
final class DriftAlarmRows {
  private DriftAlarmRows() {}

  static String section(DriftConfig config, int seeds, List<FalseAlarms.Tally> tallies) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "### False alarms%n%n"
                    + "%d checks per regime, seeds 1..%d, each with %d incoming images drawn from"
                    + " the same distribution as the baseline, so every alarm is false. Target:"
                    + " alarm rate <= %s, the configured level. 95%% intervals are Wilson score"
                    + " intervals.%n%n",
                seeds,
                seeds,
                FalseAlarms.INCOMING,
                config.pValue()));
    for (FalseAlarms.Tally t : tallies) {
      out.append("- **").append(t.regime()).append("**: ").append(t.how()).append(".\n");
    }
    out.append(
        "\n| regime | checks | alarms | alarm rate | 95% interval | target <= "
            + config.pValue()
            + " |\n|---|---:|---:|---:|---|---|\n");
    for (FalseAlarms.Tally t : tallies) {
      double rate = (double) t.alarms() / t.seeds();
      double[] ci = DriftRows.wilson(t.alarms(), t.seeds());
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.3f | %.3f - %.3f | %s |%n",
              t.regime(),
              t.seeds(),
              t.alarms(),
              rate,
              ci[0],
              ci[1],
              verdict(rate, ci, config.pValue())));
    }
    return out.append(perTest(tallies, config)).append(findings(tallies, config)).toString();
  }

  /** Per regime, the tests that fired more often than the level, and what the PSI gate did. */
  private static String findings(List<FalseAlarms.Tally> tallies, DriftConfig config) {
    StringBuilder out = new StringBuilder();
    for (FalseAlarms.Tally t : tallies) {
      List<String> often = new ArrayList<>();
      int gated = 0;
      for (var e : t.fired().entrySet()) {
        if (e.getValue() > config.pValue() * t.seeds()) {
          often.add(
              String.format(
                  Locale.ROOT, "%s %.1f%%", e.getKey(), 100.0 * e.getValue() / t.seeds()));
        }
        gated += t.significant().get(e.getKey()) - e.getValue();
      }
      out.append(
          String.format(
              Locale.ROOT,
              "- %s: %s; the effect-size gates (PSI, accuracy drop) turned %d significant"
                  + " results into no drift.%n",
              t.regime(),
              often.isEmpty()
                  ? "no test fired in more than " + config.pValue() * 100 + "% of checks"
                  : "fired in more than "
                      + config.pValue() * 100
                      + "% of checks: "
                      + String.join(", ", often),
              gated));
    }
    return out.append('\n').toString();
  }

  private static String verdict(double rate, double[] ci, double level) {
    if (rate > level) {
      return ci[0] > level ? "NOT met (interval above the level)" : "NOT met (point estimate)";
    }
    return ci[1] <= level ? "met (interval below the level)" : "met (point estimate)";
  }

  /** Per test, how often it fired (drift) and how often it was significant without the PSI. */
  private static String perTest(List<FalseAlarms.Tally> tallies, DriftConfig config) {
    Set<String> tests = new LinkedHashSet<>();
    tallies.forEach(t -> tests.addAll(t.significant().keySet()));
    StringBuilder header = new StringBuilder("| test |");
    StringBuilder rule = new StringBuilder("|---|");
    for (FalseAlarms.Tally t : tallies) {
      header.append(" fired, ").append(t.regime()).append(" |");
      header.append(" adjusted p < ").append(config.pValue()).append(", ").append(t.regime());
      header.append(" | median PSI, ").append(t.regime()).append(" |");
      rule.append("---:|---:|---:|");
    }
    StringBuilder out =
        new StringBuilder(
            "\nHow often each test fired (its verdict was drift: adjusted p below the level and,"
                + " for features, confidence and predictions, PSI beyond its sampling noise >= "
                + config.psiThreshold()
                + "; for accuracy, a drop above "
                + config.maxAccuracyDrop()
                + "), how often its adjusted p alone was below the level, and its median PSI over"
                + " the checks:\n\n");
    out.append(header).append('\n').append(rule).append('\n');
    for (String test : tests) {
      out.append("| ").append(test).append(" |");
      for (FalseAlarms.Tally t : tallies) {
        out.append(' ').append(count(t.fired().getOrDefault(test, 0), t.seeds())).append(" |");
        out.append(' ').append(count(t.significant().getOrDefault(test, 0), t.seeds()));
        out.append(" | ").append(psi(t.medianPsi().getOrDefault(test, Double.NaN))).append(" |");
      }
      out.append('\n');
    }
    return out.append('\n').toString();
  }

  private static String psi(double median) {
    return Double.isNaN(median) ? "-" : String.format(Locale.ROOT, "%.2f", median);
  }

  private static String count(int k, int n) {
    return k == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f%%)", k, 100.0 * k / n);
  }
}
