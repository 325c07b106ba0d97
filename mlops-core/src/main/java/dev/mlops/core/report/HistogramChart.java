package dev.mlops.core.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histograms over shared bins as step lines, each bin's share of its series held across the bin.
 *
 * <p>XChart gets the bins' indices on the x axis, not their values: its tick code then works on the
 * small integers 0..bins whatever the data (1e300, 1e-300, 1e9 + [0, 0.001]), and the tick labels,
 * which show the values, come from {@link AxisLabels}: short, distinct at the ends, and with a tick
 * spacing that makes XChart's tick loop end (the cause of issue 11 is explained there).
 */
final class HistogramChart {
  static final int WIDTH = 360;
  static final int HEIGHT = 240;
  private static final Color[] COLORS = {new Color(0x4477aa), new Color(0xcc3311)};

  private final String title;
  private final String axisTitle;
  private final double min;
  private final double max;
  private final Map<String, long[]> counts;
  private final int bins;

  /**
   * A histogram chart, checked for what it can draw.
   *
   * @param counts per series (in legend order), counts per bin; all series have the same bins
   * @throws IllegalArgumentException (with the reason, for the page) when it cannot be drawn: no
   *     series or bins, series of different bins, or a range that is not finite and increasing
   */
  HistogramChart(
      String title, String axisTitle, double min, double max, Map<String, long[]> counts) {
    this.title = title;
    this.axisTitle = axisTitle;
    this.min = min;
    this.max = max;
    this.counts = counts;
    this.bins = counts.isEmpty() ? 0 : counts.values().iterator().next().length;
    if (bins == 0) {
      throw new IllegalArgumentException("there are no bins");
    }
    if (counts.values().stream().anyMatch(c -> c.length != bins)) {
      throw new IllegalArgumentException("the series have different numbers of bins");
    }
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("the range " + min + " .. " + max + " is not finite");
    }
    if (!(max > min)) {
      throw new IllegalArgumentException("the range " + min + " .. " + max + " is empty");
    }
  }

  /** Builds the chart; runs on the render thread (it measures labels with AWT fonts). */
  XYChart build(int width, int height) {
    double[] edges = edges();
    List<String> labels = AxisLabels.distinct(edges);
    String xTitle = axisTitle;
    if (labels == null) {
      // A large offset over a small range (1e9 + [0, 0.001]): ticks show the distance from min.
      double[] offsets = Arrays.stream(edges).map(e -> e - min).toArray();
      labels = AxisLabels.distinct(offsets);
      xTitle = axisTitle + " - " + min;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("% of images")
            .build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setMarkerSize(0);
    styler.setXAxisMin(0.0).setXAxisMax((double) bins);
    double widest = AxisLabels.fitXSpacing(styler, labels);
    List<String> shown = AxisLabels.every(labels, labelStep(widest, width));
    styler.setxAxisTickLabelsFormattingFunction(AxisLabels.byIndex(shown));
    double top = 0;
    int i = 0;
    for (Map.Entry<String, long[]> series : counts.entrySet()) {
      double[] percent = percent(series.getValue());
      top = Math.max(top, Arrays.stream(percent).max().orElse(0));
      add(chart, series.getKey(), percent, COLORS[i++ % COLORS.length]);
    }
    styler.setYAxisMin(0.0).setYAxisMax(niceCeiling(top));
    return chart;
  }

  /**
   * Label every this many bin edges so that labels are at least 1.4 label widths apart, on a plot
   * about {@code chartWidth} - 100 pixels wide (the y axis and paddings take the rest); a divisor
   * of the bins when one is near, so the last edge gets a label too.
   */
  private int labelStep(double labelWidth, int chartWidth) {
    double binWidth = 0.92 * (chartWidth - 100) / bins;
    int step = Math.max(1, (int) Math.ceil(1.4 * labelWidth / binWidth));
    for (int s = step; s <= Math.min(bins, 2 * step); s++) {
      if (bins % s == 0) {
        return s;
      }
    }
    return step;
  }

  /** Bin edges from min to max; the last is max exactly, and no step overflows. */
  double[] edges() {
    double[] edges = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      double t = (double) b / bins;
      edges[b] = b == bins ? max : min * (1 - t) + max * t;
    }
    return edges;
  }

  /** Each bin's share of the series in percent (negative counts count as none). */
  static double[] percent(long[] counts) {
    double[] kept = Arrays.stream(counts).mapToDouble(c -> Math.max(0, c)).toArray();
    double total = Arrays.stream(kept).sum(); // in double: long counts could overflow a long sum
    return Arrays.stream(kept).map(c -> total == 0 ? 0 : 100 * c / total).toArray();
  }

  /** The y axis's top: a round number just above {@code top}, 1 for an empty chart. */
  static double niceCeiling(double top) {
    if (!(top > 0)) {
      return 1;
    }
    double unit = Math.pow(10, Math.floor(Math.log10(top)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * unit >= top * 1.05) {
        return Math.min(100, step * unit);
      }
    }
    return Math.min(100, 10 * unit);
  }

  private void add(XYChart chart, String name, double[] percent, Color color) {
    List<Double> x = new ArrayList<>(2 * bins);
    List<Double> y = new ArrayList<>(2 * bins);
    for (int b = 0; b < bins; b++) {
      x.add((double) b);
      y.add(percent[b]);
      x.add(b + 1.0);
      y.add(percent[b]);
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
  }
}
