package dev.mlops.core.drift;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.report.Charts;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.ReportPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code drift.html}, the drift check as a companion page of the evaluation report: the
 * verdict and its reasons, one table row per test, and per feature the baseline's and the incoming
 * images' histograms on one axis. Self-contained (charts inline), linked from {@code index.html}.
 */
final class DriftPage {
  /** The page's file name in the report directory. */
  static final String FILE = "drift.html";

  private DriftPage() {}

  /**
   * Writes the page atomically and links it from the report's {@code index.html}, if any. A
   * histogram that cannot be drawn becomes a note (reported to {@code progress}) and a table.
   */
  static Path write(Path reportDir, DriftReport report, Progress progress) throws MlopsException {
    Path page = reportDir.resolve(FILE);
    try {
      Files.createDirectories(reportDir);
      String html = html(report, new Charts(progress));
      AtomicFiles.write(page, html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + page + ": " + e.getMessage(), e);
    }
    ReportPages.linkCompanionPages(reportDir);
    return page;
  }

  static String html(DriftReport report, Charts charts) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + Html.escape(report.model().label())
        + " - drift check</title>\n<style>"
        + ReportPages.STYLE
        + "</style>\n</head>\n<body>\n<h1>Drift check: "
        + Html.escape(report.model().label())
        + "</h1>\n<p><a href=\""
        + ReportPages.INDEX
        + "\">Evaluation report</a></p>\n"
        + verdict(report)
        + tests(report)
        + histograms(report, charts)
        + "</body>\n</html>\n";
  }

  private static String verdict(DriftReport r) {
    StringBuilder out =
        new StringBuilder("<section id=\"verdict\">\n<p><strong>")
            .append(Html.escape(r.summary()))
            .append("</strong></p>\n<ul>\n");
    r.reasons().forEach(reason -> out.append("<li>").append(Html.escape(reason)).append("</li>\n"));
    out.append("</ul>\n<p>")
        .append(
            Html.escape(
                String.format(
                    Locale.ROOT,
                    "Incoming: %d images in %s (%s), checked %s. Baseline: %s (features), %s"
                        + " (model outputs). Level %s across %d tests, %s correction; material"
                        + " PSI %s.",
                    r.incoming() == null ? 0 : r.incoming().images(),
                    r.incoming() == null ? "-" : r.incoming().directory(),
                    r.incoming() == null ? "-" : r.incoming().layout(),
                    r.checkedAt(),
                    r.model().baselineFeatures(),
                    r.model().baselineOutputs(),
                    r.thresholds().pValue(),
                    r.thresholds().tests(),
                    r.thresholds().correction(),
                    r.thresholds().psiThreshold())))
        .append("</p>\n</section>\n");
    return out.toString();
  }

  private static String tests(DriftReport r) {
    if (r.features().isEmpty()) {
      return "";
    }
    StringBuilder rows = new StringBuilder();
    for (FeatureDrift f : featuresAndConfidence(r)) {
      rows.append(
          Html.row(
              List.of(
                  Html.escape(f.name()),
                  Html.number(f.baselineMean()),
                  Html.number(f.incomingMean()),
                  Html.number(f.ks()),
                  p(f.pValue()),
                  p(f.adjustedPValue()),
                  Html.number(f.psi())
                      + " (noise "
                      + Html.number(f.psiNoise())
                      + ", "
                      + f.psiLevel()
                      + ")",
                  Html.number(f.wasserstein()),
                  f.drifted() ? "<strong>drift</strong>" : "ok")));
    }
    var c = r.predictions();
    rows.append(
        Html.row(
            List.of(
                "predicted classes",
                "",
                "",
                "&chi;&sup2; " + Html.number(c.chiSquare()),
                p(c.pValue()),
                p(c.adjustedPValue()),
                Html.number(c.psi()),
                "",
                c.drifted() ? "<strong>drift</strong>" : "ok")));
    var e = r.embedding();
    rows.append(
        Html.row(
            List.of(
                "embeddings (MMD&sup2;)",
                "",
                "",
                Html.number(e.mmd()),
                p(e.pValue()),
                p(e.adjustedPValue()),
                "",
                "",
                e.drifted() ? "<strong>drift</strong>" : "ok")));
    var perf = r.performance();
    if (perf != null) {
      rows.append(
          Html.row(
              List.of(
                  "accuracy",
                  Html.number(perf.referenceAccuracy()),
                  Html.number(perf.accuracy()),
                  "drop " + Html.number(perf.drop()),
                  p(perf.pValue()),
                  p(perf.adjustedPValue()),
                  "",
                  "",
                  perf.drifted() ? "<strong>drift</strong>" : "ok")));
    }
    return "<section id=\"tests\">\n<h2>Tests</h2>\n<table>\n"
        + Html.headerRow(
            List.of(
                "quantity",
                "baseline mean",
                "incoming mean",
                "KS / statistic",
                "p",
                "adjusted p",
                "PSI",
                "Wasserstein / std",
                "verdict"))
        + rows
        + "</table>\n</section>\n";
  }

  private static String histograms(DriftReport r, Charts charts) {
    if (r.features().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<section id=\"histograms\">\n<h2>Distributions</h2>\n");
    for (FeatureDrift f : featuresAndConfidence(r)) {
      Histogram baseline = f.histogram().baseline();
      Histogram incoming = f.histogram().incoming();
      // Both histograms share bins (DriftComparison builds them over one range).
      Map<String, long[]> counts = new LinkedHashMap<>();
      counts.put("baseline", baseline.counts());
      counts.put("incoming", incoming.counts());
      out.append(
          charts.histogram(
              f.name() + (f.drifted() ? " (drift)" : ""),
              f.name(),
              baseline.min(),
              baseline.max(),
              counts));
    }
    return out.append("</section>\n").toString();
  }

  private static List<FeatureDrift> featuresAndConfidence(DriftReport r) {
    return Stream.concat(r.features().stream(), Stream.of(r.confidence())).toList();
  }

  private static String p(double p) {
    return String.format(Locale.ROOT, "%.3g", p);
  }
}
