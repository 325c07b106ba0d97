package dev.mlops.core.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Curves over a shared x axis, such as loss per epoch. Tick labels are formatted here, short, and
 * the x tick spacing is set from their width, so XChart's tick loop ends (see {@link AxisLabels}:
 * epochs 1..n are equally spaced values, the case that looped in issue 11).
 */
final class CurveChart {
  private static final int WIDTH = 520;
  private static final int HEIGHT = 340;
  private static final int Y_DIGITS = 4;

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final double[] x;
  private final Map<String, double[]> series = new LinkedHashMap<>();
  private final Map<String, double[]> given;
  private final double[] yRange;

  /** Non-finite values become gaps; a series without any finite value is left out. */
  CurveChart(
      String title,
      String xTitle,
      String yTitle,
      double[] x,
      Map<String, double[]> series,
      double[] yRange) {
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
    this.x = x.clone();
    this.yRange = yRange == null ? null : yRange.clone();
    this.given = new LinkedHashMap<>(series);
    series.forEach(
        (name, values) -> {
          double[] finite =
              Arrays.stream(values).map(v -> Double.isFinite(v) ? v : Double.NaN).toArray();
          if (Arrays.stream(finite).anyMatch(Double::isFinite)) {
            this.series.put(name, finite);
          }
        });
  }

  /** Whether any series has a value to draw. */
  boolean hasData() {
    return !series.isEmpty() && Arrays.stream(x).allMatch(Double::isFinite);
  }

  /** Builds the chart; runs on the render thread (it measures labels with AWT fonts). */
  XYChart build() {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    series.forEach((name, values) -> chart.addSeries(name, x, values));
    var styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
    styler.setxAxisTickLabelsFormattingFunction(v -> AxisLabels.compact(v, AxisLabels.MAX_DIGITS));
    styler.setyAxisTickLabelsFormattingFunction(v -> AxisLabels.compact(v, Y_DIGITS));
    AxisLabels.fitXSpacing(
        styler,
        Arrays.stream(x).mapToObj(v -> AxisLabels.compact(v, AxisLabels.MAX_DIGITS)).toList());
    if (yRange != null) {
      styler.setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
    }
    return chart;
  }

  /** The values as a table: one row per x, one column per series given. */
  String table() {
    List<String> header = new ArrayList<>(List.of(Html.escape(xTitle)));
    given.keySet().forEach(name -> header.add(Html.escape(name)));
    StringBuilder out = new StringBuilder("<table>\n").append(Html.headerRow(header));
    for (int i = 0; i < x.length; i++) {
      List<String> row = new ArrayList<>(List.of(AxisLabels.compact(x[i], AxisLabels.MAX_DIGITS)));
      for (double[] values : given.values()) {
        row.add(i < values.length ? Html.number(values[i]) : "-");
      }
      out.append(Html.row(row));
    }
    return out.append("</table>\n").toString();
  }
}
