package dev.mlops.core.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The confusion matrix as a heat map. XChart lays out a heat map's axes as categories, one tick per
 * class without a search loop, so this chart needs no guard of its own beyond the renderer's.
 */
final class ConfusionChart {
  // Above this many classes the numbers would overlap; the table below the chart still has them.
  private static final int MAX_CLASSES_WITH_VALUES = 20;

  private ConfusionChart() {}

  /** Truth on the y axis (first label at the top), predicted on the x axis. */
  static HeatMapChart build(List<String> labels, int[][] confusion) {
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
        .setHeatMapValueDecimalPattern("#")
        .setChartBackgroundColor(Color.WHITE)
        .setPlotBackgroundColor(Color.WHITE);
    return chart;
  }
}
