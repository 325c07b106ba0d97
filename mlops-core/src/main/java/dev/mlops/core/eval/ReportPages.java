package dev.mlops.core.eval;

import dev.mlops.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The links from {@code index.html} to the companion pages other goals write next to it. Goals run
 * in any order ({@code mvn mlops:benchmark} after {@code verify}), so the list sits between markers
 * and is re-rendered in place when a companion page appears. The evaluation report knows the pages
 * by file name only, not the stages that write them.
 */
final class ReportPages {
  static final String START = "<!-- mlops:pages:start -->";
  static final String END = "<!-- mlops:pages:end -->";

  /** Companion pages by file name, with the link text, in display order. */
  private static final List<Map.Entry<String, String>> PAGES =
      List.of(
          Map.entry("benchmark.html", "Inference benchmark: latency and throughput per runtime"),
          Map.entry("drift.html", "Drift check: incoming images against the training baseline"));

  private ReportPages() {}

  /** The marked section listing the companion pages present in {@code reportDir}. */
  static String section(Path reportDir) {
    StringBuilder links = new StringBuilder();
    for (Map.Entry<String, String> page : PAGES) {
      if (Files.isRegularFile(reportDir.resolve(page.getKey()))) {
        links
            .append("<li><a href=\"")
            .append(Html.escape(page.getKey()))
            .append("\">")
            .append(Html.escape(page.getValue()))
            .append("</a></li>\n");
      }
    }
    String body =
        links.isEmpty()
            ? ""
            : "<section id=\"pages\">\n<h2>More</h2>\n<ul>\n" + links + "</ul>\n</section>\n";
    return START + "\n" + body + END + "\n";
  }

  /** Re-renders the section in {@code index}; false when there is no such page or no markers. */
  static boolean refresh(Path index) throws IOException {
    if (!Files.isRegularFile(index)) {
      return false;
    }
    String html = Files.readString(index, StandardCharsets.UTF_8);
    int start = html.indexOf(START);
    int end = html.indexOf(END);
    if (start < 0 || end < start) {
      return false;
    }
    int after = end + END.length();
    after += html.startsWith("\n", after) ? 1 : 0;
    String updated = html.substring(0, start) + section(index.getParent()) + html.substring(after);
    AtomicFiles.write(index, updated.getBytes(StandardCharsets.UTF_8));
    return true;
  }
}
