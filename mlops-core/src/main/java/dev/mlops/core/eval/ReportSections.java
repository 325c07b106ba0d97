package dev.mlops.core.eval;

import dev.mlops.core.data.Split;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.Thumbnails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The report sections about the data: misclassified images and image counts. */
final class ReportSections {
  private ReportSections() {}

  /** Thumbnails of the most confidently misclassified images, with truth and prediction. */
  static String misclassified(EvaluationMetrics m, Path dataDirectory, int size) {
    StringBuilder out =
        new StringBuilder("<section id=\"misclassified\">\n<h2>Most confident mistakes</h2>\n");
    if (m.mostConfidentMistakes().isEmpty()) {
      return out.append("<p>No misclassified images.</p>\n</section>\n").toString();
    }
    out.append("<div class=\"thumbs\">\n");
    for (Mistake mistake : m.mostConfidentMistakes()) {
      String file = Html.escape(mistake.file());
      Optional<byte[]> png = Thumbnails.png(dataDirectory, mistake.file(), size);
      out.append("<figure>")
          .append(
              png.map(bytes -> Html.pngImage(bytes, mistake.file(), "thumb"))
                  .orElse("<span class=\"missing\" title=\"image not readable\"></span>"))
          .append("<figcaption>")
          .append(file)
          .append("<br>true: ")
          .append(Html.escape(mistake.truth()))
          .append("<br>predicted: ")
          .append(Html.escape(mistake.predicted()))
          .append(" (")
          .append(Html.number(mistake.confidence()))
          .append(")</figcaption></figure>\n");
    }
    return out.append("</div>\n</section>\n").toString();
  }

  /** Images per class (rows) and split (columns, in train/val/test order), with totals. */
  static String dataSummary(Map<String, Map<String, Integer>> counts) {
    StringBuilder out = new StringBuilder("<section id=\"data-summary\">\n<h2>Data</h2>\n");
    if (counts.isEmpty()) {
      return out.append("<p>No data counts.</p>\n</section>\n").toString();
    }
    List<String> splits = splitOrder(counts.keySet());
    TreeSet<String> classes = new TreeSet<>();
    counts.values().forEach(perClass -> classes.addAll(perClass.keySet()));
    List<String> header = new ArrayList<>(List.of("class"));
    splits.forEach(s -> header.add(Html.escape(s)));
    header.add("total");
    out.append("<table>\n").append(Html.headerRow(header));
    int[] totals = new int[splits.size() + 1];
    for (String label : classes) {
      List<String> row = new ArrayList<>(List.of(Html.escape(label)));
      int sum = 0;
      for (int i = 0; i < splits.size(); i++) {
        int n = counts.get(splits.get(i)).getOrDefault(label, 0);
        row.add(String.valueOf(n));
        sum += n;
        totals[i] += n;
      }
      totals[splits.size()] += sum;
      row.add(String.valueOf(sum));
      out.append(Html.row(row));
    }
    List<String> totalRow = new ArrayList<>(List.of("total"));
    for (int t : totals) {
      totalRow.add(String.valueOf(t));
    }
    return out.append(Html.row(totalRow)).append("</table>\n</section>\n").toString();
  }

  private static List<String> splitOrder(java.util.Set<String> names) {
    List<String> ordered = new ArrayList<>();
    for (Split s : Split.values()) {
      if (names.contains(s.dirName())) {
        ordered.add(s.dirName());
      }
    }
    names.stream().filter(n -> !ordered.contains(n)).sorted().forEach(ordered::add);
    return ordered;
  }
}
