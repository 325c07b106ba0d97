package dev.mlops.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A histogram's counts per bin as a table, for when its chart is not drawn. */
final class HistogramTable {
  private HistogramTable() {}

  /** One row per bin: its range (when the range is usable) and each series' count. */
  static String html(double min, double max, Map<String, long[]> counts) {
    int bins = counts.values().stream().mapToInt(c -> c.length).max().orElse(0);
    List<String> header = new ArrayList<>(List.of("bin", "from", "to"));
    counts.keySet().forEach(name -> header.add(Html.escape(name)));
    StringBuilder out = new StringBuilder("<table>\n").append(Html.headerRow(header));
    double width = (max - min) / bins;
    for (int b = 0; b < bins; b++) {
      List<String> row = new ArrayList<>();
      row.add(String.valueOf(b + 1));
      row.add(edge(min + b * width));
      row.add(edge(b == bins - 1 ? max : min + (b + 1) * width));
      for (long[] c : counts.values()) {
        row.add(b < c.length ? String.valueOf(c[b]) : "-");
      }
      out.append(Html.row(row));
    }
    return out.append("</table>\n").toString();
  }

  private static String edge(double value) {
    return Html.escape(AxisLabels.compact(value, AxisLabels.MAX_DIGITS));
  }
}
