package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The detection and power-curve part of the drift section. */
final class DriftPowerRows {
  /** A strength counts as detected when at least this share of its checks report drift. */
  static final double DETECTED = 0.8;

  private DriftPowerRows() {}

  static String section(DriftConfig config, List<DriftBenchmark.Study> studies) {
    return detection(studies) + curves(studies);
  }

  private static String detection(List<DriftBenchmark.Study> studies) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "### Detection%n%n"
                    + "Checks of %d held-back images changed as described (%d checks per"
                    + " replicate), written as PNG files and read through `ObservationExtractor`"
                    + " like real incoming images; labeled by their class folder, so the accuracy"
                    + " test runs too. The letters are another dataset (120 images, unlabeled),"
                    + " the same for every replicate. Expected: every set detected.%n%n"
                    + "| collection | incoming set | what | checks | detected | rate | 95%%"
                    + " interval | tests that fired most (share of checks) |%n"
                    + "|---|---|---|---:|---:|---:|---|---|%n",
                DriftBenchmark.SMALL,
                DriftBenchmark.POWER_DRAWS));
    List<String> missed = new ArrayList<>();
    for (DriftBenchmark.Study s : studies) {
      for (FalseAlarms.Tally t : s.detection()) {
        double[] ci = DriftRows.wilson(t.alarms(), t.seeds());
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %d | %d | %.3f | %.3f - %.3f | %s |%n",
                s.source().name(),
                t.regime(),
                t.how(),
                t.seeds(),
                t.alarms(),
                t.rate(),
                ci[0],
                ci[1],
                topTests(t)));
        if (t.rate() < DETECTED) {
          missed.add(s.source().name() + " " + t.regime());
        }
      }
    }
    out.append(
        missed.isEmpty()
            ? String.format(
                Locale.ROOT,
                "%n- Every set detected in at least %.0f%% of its checks.%n%n",
                100 * DETECTED)
            : String.format(
                Locale.ROOT,
                "%n- Detected in fewer than %.0f%% of checks: %s.%n%n",
                100 * DETECTED,
                String.join(", ", missed)));
    return out.toString();
  }

  private static String topTests(FalseAlarms.Tally t) {
    List<String> out = new ArrayList<>();
    t.fired().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(4)
        .forEach(
            e ->
                out.add(
                    String.format(
                        Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / t.seeds())));
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  private static String curves(List<DriftBenchmark.Study> studies) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "### Power curves: how small a change is detected%n%n"
                    + "Share of checks reporting drift, per strength, with %d or %d held-back"
                    + " images changed: brightness = every pixel times the factor (1 = unchanged);"
                    + " blur = Gaussian blur of the given sigma in pixels of the image. %d checks"
                    + " per replicate and strength (one when the incoming set is the whole pool)."
                    + " \"Smallest detected\" is the weakest change detected in at least %.0f%% of"
                    + " its checks. For scale: sigma 0.3 puts 0.4%% of a pixel's weight on each"
                    + " neighbour (at most one grey level at a black-white edge), sigma 0.4 puts"
                    + " 4.0%%, sigma 0.5 10.7%%; x0.98 moves a white pixel by 5 grey levels. The"
                    + " effect-size gate (PSI beyond sampling noise >= the threshold) sets the"
                    + " floor at both sizes: more images shrink the noise a PSI is measured"
                    + " against, but a shift too small to move the PSI stays undetected. Below"
                    + " that floor a larger sample can even detect less often: the PSI of 60"
                    + " images scatters, so a shift whose true PSI is under the threshold"
                    + " sometimes measures above it, while the PSI of 500 images stays close to"
                    + " its true value.%n%n",
                DriftBenchmark.SMALL,
                DriftBenchmark.LARGE,
                DriftBenchmark.POWER_DRAWS,
                100 * DETECTED));
    for (String family : List.of("brightness", "blur")) {
      out.append(curveTable(studies, family));
    }
    return out.toString();
  }

  private static String curveTable(List<DriftBenchmark.Study> studies, String family) {
    List<Double> strengths =
        studies.get(0).curves().stream()
            .filter(p -> p.family().equals(family))
            .map(DriftPower.Point::strength)
            .distinct()
            .toList();
    StringBuilder out = new StringBuilder("| collection | incoming | checks |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (double s : strengths) {
      out.append(family.equals("blur") ? " sigma " : " x").append(trim(s)).append(" |");
      rule.append("---:|");
    }
    out.append(" smallest detected |\n").append(rule).append("---|\n");
    for (DriftBenchmark.Study s : studies) {
      for (int n : new int[] {DriftBenchmark.SMALL, DriftBenchmark.LARGE}) {
        List<DriftPower.Point> points =
            s.curves().stream()
                .filter(p -> p.family().equals(family) && p.tally().incoming() == n)
                .toList();
        int pool = s.replicates().get(0).pool().size();
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d |",
                s.source().name(),
                Math.min(n, pool),
                points.get(0).tally().seeds()));
        for (DriftPower.Point p : points) {
          out.append(String.format(Locale.ROOT, " %.2f |", p.tally().rate()));
        }
        out.append(' ').append(smallest(points, family)).append(" |\n");
      }
    }
    return out.append('\n').toString();
  }

  /** The weakest change of {@code family} at {@code n} images detected often enough. */
  static String smallest(DriftBenchmark.Study s, String family, int n) {
    return smallest(
        s.curves().stream()
            .filter(p -> p.family().equals(family) && p.tally().incoming() == n)
            .toList(),
        family);
  }

  /** The weakest change detected in at least {@link #DETECTED} of its checks. */
  private static String smallest(List<DriftPower.Point> points, String family) {
    Comparator<DriftPower.Point> weakestFirst =
        family.equals("blur")
            ? Comparator.comparingDouble(DriftPower.Point::strength)
            : Comparator.comparingDouble(DriftPower.Point::strength).reversed();
    return points.stream()
        .sorted(weakestFirst)
        .filter(p -> p.tally().rate() >= DETECTED)
        .findFirst()
        .map(p -> (family.equals("blur") ? "sigma " : "x") + trim(p.strength()))
        .orElse("none of these");
  }

  private static String trim(double v) {
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }
}
