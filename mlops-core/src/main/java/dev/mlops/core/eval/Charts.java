package dev.mlops.core.eval;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** The report's charts, drawn by XChart and encoded as PNG. */
final class Charts {
  // Above this many classes the numbers would overlap; the table below the chart still has them.
  private static final int MAX_CLASSES_WITH_VALUES = 20;

  private Charts() {}

  /** Train and validation loss per epoch. */
  static byte[] loss(List<EpochPoint> history) throws IOException {
    XYChart chart = curves("Loss", "loss", history, EpochPoint::trainLoss, EpochPoint::valLoss);
    return png(chart);
  }

  /** Train and validation accuracy per epoch, on a 0..1 axis. */
  static byte[] accuracy(List<EpochPoint> history) throws IOException {
    XYChart chart =
        curves("Accuracy", "accuracy", history, EpochPoint::trainAccuracy, EpochPoint::valAccuracy);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return png(chart);
  }

  private static XYChart curves(
      String title,
      String yTitle,
      List<EpochPoint> history,
      ToDoubleFunction<EpochPoint> train,
      ToDoubleFunction<EpochPoint> val) {
    XYChart chart =
        new XYChartBuilder()
            .width(520)
            .height(340)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    double[] epochs = history.stream().mapToDouble(EpochPoint::epoch).toArray();
    chart.addSeries("train", epochs, history.stream().mapToDouble(train).toArray());
    double[] valValues = history.stream().mapToDouble(val).toArray();
    // XChart skips NaN points; a series of NaN only (no validation split) is left out entirely.
    if (Arrays.stream(valValues).anyMatch(Double::isFinite)) {
      chart.addSeries("validation", epochs, valValues);
    }
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setDecimalPattern("#.###");
    white(chart);
    return chart;
  }

  /**
   * The confusion matrix as a heat map: truth on the y axis (first label at the top), predicted on
   * the x axis.
   */
  static byte[] confusion(List<String> labels, int[][] confusion) throws IOException {
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
