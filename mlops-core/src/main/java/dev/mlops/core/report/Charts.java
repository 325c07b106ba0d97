package dev.mlops.core.report;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** The reports' charts, drawn by XChart and encoded as PNG. */
public final class Charts {
  // Above this many classes the numbers would overlap; the table below the chart still has them.
  private static final int MAX_CLASSES_WITH_VALUES = 20;

  private Charts() {}

  /** XChart draws with AWT; without a display AWT must be headless or it fails to start. */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Curves over a shared x axis (for example loss per epoch of train and validation). A series
   * whose values are all NaN is left out (XChart skips NaN points, but not a series of NaN only).
   *
   * @param yRange {@code [min, max]} of the y axis, or {@code null} to fit the data
   */
  public static byte[] curves(
      String title,
      String xTitle,
      String yTitle,
      double[] x,
      Map<String, double[]> series,
      double[] yRange)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(520)
            .height(340)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      if (Arrays.stream(s.getValue()).anyMatch(Double::isFinite)) {
        chart.addSeries(s.getKey(), x, s.getValue());
      }
    }
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setDecimalPattern("#.###");
    if (yRange != null) {
      chart.getStyler().setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
    }
    white(chart);
    return png(chart);
  }

  /**
   * The confusion matrix as a heat map: truth on the y axis (first label at the top), predicted on
   * the x axis.
   */
  public static byte[] confusion(List<String> labels, int[][] confusion) throws IOException {
    int k = labels.size();
    int side = Math.min(1400, Math.max(360, 120 + 48 * k));
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side + 120)
            .height(side)
            .title("Confusion matrix")
            .xAxisTitle("predicted")
            .yAxisTitle("truth")
            .build();
    // The chart draws y index 0 at the bottom; reverse the rows so it reads like the table.
    List<String> rows = new ArrayList<>(labels);
    Collections.reverse(rows);
    List<Number[]> cells = new ArrayList<>(k * k);
    int max = 1;
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        cells.add(new Number[] {p, k - 1 - t, confusion[t][p]});
        max = Math.max(max, confusion[t][p]);
      }
    }
    chart.addSeries("images", labels, rows, cells);
    chart
        .getStyler()
        .setMin(0)
        .setMax(max)
        .setRangeColors(new Color[] {new Color(0xF4F8FC), new Color(0x3A7BC8)})
        .setShowValue(k <= MAX_CLASSES_WITH_VALUES)
        .setValueFontColor(Color.BLACK)
        .setHeatMapValueDecimalPattern("#");
    white(chart);
    return png(chart);
  }

  private static void white(Chart<?, ?> chart) {
    chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
  }

  private static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
  }
}
