package dev.mlops.core.report;

import dev.mlops.core.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every chart of the report pages (learning curves, confusion matrix, drift histograms), drawn by
 * XChart and inlined as PNG, as HTML fragments. A chart can neither fail nor hang the stage that
 * writes its page: each is drawn under a deadline ({@link ChartRenderer}), and one that cannot be
 * drawn becomes a short note with the reason and its numbers in a table. Not thread-safe: one
 * instance per page being written.
 */
public final class Charts {
  private static final Logger LOG = LoggerFactory.getLogger(Charts.class);
  private static final String TABLE = "; the numbers are in the table";

  private final Progress progress;
  private final ChartRenderer renderer;
  private final int histogramWidth;
  private final int histogramHeight;

  /** Charts for one page; charts that cannot be drawn are reported to {@code progress}. */
  public Charts(Progress progress) {
    this(progress, ChartRenderer.DEFAULT_DEADLINE);
  }

  /** As {@link #Charts(Progress)}, waiting at most {@code deadline} for each chart. */
  public Charts(Progress progress, Duration deadline) {
    this(progress, deadline, HistogramChart.WIDTH, HistogramChart.HEIGHT);
  }

  /** For tests: histograms of another size (a small one renders faster). */
  Charts(Progress progress, Duration deadline, int histogramWidth, int histogramHeight) {
    this.progress = progress;
    this.renderer = new ChartRenderer(deadline);
    this.histogramWidth = histogramWidth;
    this.histogramHeight = histogramHeight;
  }

  /** XChart draws with AWT; without a display AWT must be headless or it fails to start. */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Curves over a shared x axis (for example loss per epoch of train and validation); a table of
   * the values when the chart cannot be drawn. Non-finite values are gaps; a series without a
   * finite value is left out.
   *
   * @param yRange {@code [min, max]} of the y axis, or {@code null} to fit the data
   */
  public String curves(
      String title,
      String xTitle,
      String yTitle,
      double[] x,
      Map<String, double[]> series,
      double[] yRange) {
    String what = title.toLowerCase(java.util.Locale.ROOT) + " per " + xTitle;
    CurveChart chart = new CurveChart(title, xTitle, yTitle, x, series, yRange);
    if (!chart.hasData()) {
      return note(what, "no finite values to draw", TABLE) + chart.table();
    }
    return image(what, () -> png(chart.build()), chart::table);
  }

  /**
   * The confusion matrix as a heat map: truth on the y axis (first label at the top), predicted on
   * the x axis. Only a note when it cannot be drawn: the page has the matrix as a table too.
   */
  public String confusion(List<String> labels, int[][] confusion) {
    return image(
        "confusion matrix",
        () -> png(ConfusionChart.build(labels, confusion)),
        () -> "",
        "; the numbers are in the table below");
  }

  /**
   * Histograms of several series over the same bins between {@code min} and {@code max} (for
   * example baseline and incoming), as step lines in percent of each series; a note and a table of
   * the counts when they cannot be drawn, and a sentence when every value is the same.
   *
   * @param counts per series, in legend order, the counts per bin
   */
  public String histogram(
      String title, String axisTitle, double min, double max, Map<String, long[]> counts) {
    String what = axisTitle + ": " + String.join(" and ", counts.keySet()) + " histograms";
    Map<String, long[]> ordered = new LinkedHashMap<>(counts);
    if (min == max && Double.isFinite(min)) {
      return "<p class=\"note\">"
          + Html.escape(axisTitle + ": every value is " + AxisLabels.compact(min, 6))
          + " ("
          + Html.escape(totals(ordered))
          + ")</p>\n";
    }
    HistogramChart chart;
    try {
      chart = new HistogramChart(title, axisTitle, min, max, ordered);
    } catch (IllegalArgumentException e) {
      return notDrawn(what, e.getMessage(), e, TABLE) + HistogramTable.html(min, max, ordered);
    }
    return image(
        what,
        () -> png(chart.build(histogramWidth, histogramHeight)),
        () -> HistogramTable.html(min, max, ordered));
  }

  private String image(String what, Callable<byte[]> draw, Fallback table) {
    return image(what, draw, table, TABLE);
  }

  private String image(String what, Callable<byte[]> draw, Fallback table, String pointer) {
    ChartRenderer.Outcome outcome = renderer.render(what, draw);
    if (outcome.drawn()) {
      return Html.pngImage(outcome.png(), what, "chart") + "\n";
    }
    return notDrawn(what, outcome.failure(), outcome.cause(), pointer) + table.html();
  }

  private String notDrawn(String what, String reason, Throwable cause, String pointer) {
    progress.warn(
        "chart not drawn (" + what + "): " + reason + "; the page has its numbers as a table");
    LOG.debug("chart not drawn ({})", what, cause);
    return note(what, reason, pointer);
  }

  private static String note(String what, String reason, String pointer) {
    return "<p class=\"note\">chart not drawn ("
        + Html.escape(what)
        + "): "
        + Html.escape(reason)
        + Html.escape(pointer)
        + "</p>\n";
  }

  private static String totals(Map<String, long[]> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (name, c) -> parts.add(name + " " + java.util.Arrays.stream(c).sum() + " values"));
    return String.join(", ", parts);
  }

  static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
  }

  /** The numbers of a chart as HTML, for when it is not drawn. */
  @FunctionalInterface
  private interface Fallback {
    String html();
  }
}
