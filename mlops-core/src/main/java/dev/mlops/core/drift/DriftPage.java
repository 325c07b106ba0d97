package dev.mlops.core.drift;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.ReportPages;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code drift.html}, the drift check as a companion page of the evaluation report: the
 * verdict and its reasons, one table row per test, and per feature the baseline's and the incoming
 * images' histograms on one axis. Self-contained (charts inline), linked from {@code index.html}.
 */
final class DriftPage {
  /** The page's file name in the report directory. */
  static final String FILE = "drift.html";

  private DriftPage() {}

  /** Writes the page atomically and links it from the report's {@code index.html}, if any. */
  static Path write(Path reportDir, DriftReport report) throws MlopsException {
    Path page = reportDir.resolve(FILE);
    try {
      Files.createDirectories(reportDir);
      AtomicFiles.write(page, html(report).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + page + ": " + e.getMessage(), e);
    }
    ReportPages.linkCompanionPages(reportDir);
    return page;
  }

  static String html(DriftReport report) throws IOException {
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
        + histograms(report)
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

  private static String histograms(DriftReport r) throws IOException {
    if (r.features().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<section id=\"histograms\">\n<h2>Distributions</h2>\n");
    for (FeatureDrift f : featuresAndConfidence(r)) {
      out.append(Html.pngImage(chart(f), f.name() + ": baseline and incoming histograms", "chart"));
      out.append('\n');
    }
    return out.append("</section>\n").toString();
  }

  private static List<FeatureDrift> featuresAndConfidence(DriftReport r) {
    return Stream.concat(r.features().stream(), Stream.of(r.confidence())).toList();
  }

  private static byte[] chart(FeatureDrift f) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(360)
            .height(220)
            .title(f.name() + (f.drifted() ? " (drift)" : ""))
            .xAxisTitle(f.name())
            .yAxisTitle("share of images")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true).setMarkerSize(0);
    add(chart, "baseline", f.histogram().baseline(), new Color(0x4477aa));
    add(chart, "incoming", f.histogram().incoming(), new Color(0xcc3311));
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  /** A histogram as a step line: bin edges on x, each bin's share held across its width. */
  private static void add(XYChart chart, String name, Histogram h, Color color) {
    double[] share = h.fractions();
    int bins = share.length;
    double width = (h.max() - h.min()) / bins;
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      double lo = width > 0 ? h.min() + b * width : h.min() - 0.5 + (double) b / bins;
      double hi = width > 0 ? lo + width : lo + 1.0 / bins;
      x.add(lo);
      y.add(share[b]);
      x.add(hi);
      y.add(share[b]);
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
  }

  private static String p(double p) {
    return String.format(Locale.ROOT, "%.3g", p);
  }
}
