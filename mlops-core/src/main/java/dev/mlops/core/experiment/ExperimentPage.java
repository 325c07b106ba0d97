package dev.mlops.core.experiment;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.ExperimentStatistics.PairedTest;
import dev.mlops.core.experiment.ExperimentStatistics.PrimaryMetric;
import dev.mlops.core.experiment.ExperimentStatistics.SampleRatioCheck;
import dev.mlops.core.report.Charts;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.ReportPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes {@code experiment.html}: the verdict, one table column per variant, the tests, and the
 * sequential p-value over users (drawn by the report's chart code under its deadline; a table when
 * it cannot be drawn). Self-contained, like the other report pages.
 */
final class ExperimentPage {
  /** The page's file name. */
  static final String FILE = "experiment.html";

  private ExperimentPage() {}

  static void write(Path page, ExperimentReportResult result, Progress progress)
      throws MlopsException {
    try {
      String html = html(result, new Charts(progress));
      AtomicFiles.write(page, html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + page + ": " + e.getMessage(), e);
    }
  }

  static String html(ExperimentReportResult r, Charts charts) {
    String title = "Experiment " + r.experiment() + " on " + r.model();
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + Html.escape(title)
        + "</title>\n<style>"
        + ReportPages.STYLE
        + "</style>\n</head>\n<body>\n<h1>"
        + Html.escape(title)
        + "</h1>\n<p><strong>"
        + Html.escape(r.verdictText())
        + "</strong></p>\n<p>Decided by the "
        + Html.escape(r.statistics().decidedBy())
        + ". Lower correction rate is better.</p>\n"
        + variants(r)
        + tests(r)
        + sequential(r, charts)
        + "<p class=\"note\">"
        + Html.escape(r.inputsLine())
        + " Analysed "
        + Html.escape(r.analyzedAt())
        + ".</p>\n</body>\n</html>\n";
  }

  private static String variants(ExperimentReportResult r) {
    Map<String, Function<VariantSummary, String>> rows = new LinkedHashMap<>();
    rows.put("version", v -> Html.escape(v.version() + " (" + v.ref() + ")"));
    rows.put("users", v -> String.valueOf(v.users()));
    rows.put(
        "predictions",
        v -> v.predictions() + (v.shadowScored() > 0 ? " (+" + v.shadowScored() + " shadow)" : ""));
    rows.put("latency p50 / p99 (ms)", v -> ms(v.latencyP50Ms()) + " / " + ms(v.latencyP99Ms()));
    rows.put("feedback rate", v -> pct(v.feedbackRate()));
    rows.put("correction rate", v -> pct(v.correctionRate()) + " (" + v.corrections() + ")");
    rows.put("accuracy on labelled", v -> pct(v.accuracy()) + " of " + v.labelled());
    rows.put("predicted classes", v -> Html.escape(mix(v)));
    StringBuilder out = new StringBuilder("<h2>Variants</h2>\n<table>\n");
    out.append(Html.headerRow(List.of("", "control", "treatment")));
    rows.forEach(
        (name, cell) ->
            out.append(
                Html.row(
                    List.of(
                        Html.escape(name), cell.apply(r.control()), cell.apply(r.treatment())))));
    return out.append("</table>\n").toString();
  }

  private static String tests(ExperimentReportResult r) {
    ExperimentStatistics s = r.statistics();
    List<List<String>> rows = new ArrayList<>();
    PrimaryMetric m = s.primary();
    if (m.alwaysValidP() != null) {
      rows.add(
          List.of("always-valid mixture SPRT (tau " + m.tau() + ")", "-", p(m.alwaysValidP())));
    }
    if (m.fixedP() != null) {
      rows.add(List.of("fixed horizon: " + m.fixedTest(), num(m.fixedStatistic()), p(m.fixedP())));
    }
    SampleRatioCheck srm = s.srm();
    if (srm != null) {
      rows.add(
          List.of(
              "sample ratio (" + srm.controlUsers() + " : " + srm.treatmentUsers() + ")",
              num(srm.chiSquare()),
              p(srm.pValue()) + (srm.mismatch() ? " <strong>mismatch</strong>" : "")));
    }
    PairedTest paired = s.paired();
    if (paired != null) {
      rows.add(
          List.of(
              "McNemar exact ("
                  + paired.onlyControlRight()
                  + " vs "
                  + paired.onlyTreatmentRight()
                  + " discordant)",
              "-",
              p(paired.pValue())));
    }
    StringBuilder out = new StringBuilder("<h2>Tests</h2>\n<table>\n");
    out.append(Html.headerRow(List.of("test", "statistic", "p-value")));
    rows.forEach(row -> out.append(Html.row(row)));
    return out.append("</table>\n").append(sampleNeed(s)).toString();
  }

  private static String sampleNeed(ExperimentStatistics s) {
    if (s.sampleSize() == null) {
      return "";
    }
    return "<p>"
        + Html.escape(
            "Users per arm for the minimum detectable effect at power "
                + s.sampleSize().power()
                + ": "
                + s.sampleSize().sequentialUsersPerArm()
                + " for the always-valid test, "
                + s.sampleSize().fixedHorizonUsersPerArm()
                + " for one fixed-horizon look; the smaller arm has "
                + s.sampleSize().usersPerArm()
                + ".")
        + "</p>\n";
  }

  private static String sequential(ExperimentReportResult r, Charts charts) {
    List<SequentialPoint> looks = r.statistics().sequential();
    if (looks.isEmpty()) {
      return "";
    }
    double[] x = looks.stream().mapToDouble(SequentialPoint::users).toArray();
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put(
        "always-valid p", looks.stream().mapToDouble(SequentialPoint::alwaysValidP).toArray());
    series.put(
        "fixed-horizon p (peeked)", looks.stream().mapToDouble(SequentialPoint::fixedP).toArray());
    series.put("alpha", looks.stream().mapToDouble(l -> r.alpha()).toArray());
    return "<h2>p-value over time</h2>\n<p>After every look (users in log order). Only the"
        + " always-valid p-value may be read at any look; the fixed-horizon one dips below alpha"
        + " by chance when looked at often.</p>\n"
        + charts.curves("p-value", "users", "p", x, series, new double[] {0, 1});
  }

  private static String mix(VariantSummary v) {
    List<String> parts = new ArrayList<>();
    v.classShares().forEach((label, share) -> parts.add(label + " " + Verdicts.percent(share)));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static String pct(Double value) {
    return value == null ? "-" : Verdicts.percent(value);
  }

  private static String num(Double value) {
    return value == null ? "-" : Html.number(value);
  }

  private static String ms(Double value) {
    return value == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  private static String p(double value) {
    return Verdicts.p(value);
  }
}
