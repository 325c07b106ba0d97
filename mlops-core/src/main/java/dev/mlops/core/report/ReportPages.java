package dev.mlops.core.report;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
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
public final class ReportPages {
  static final String START = "<!-- mlops:pages:start -->";
  static final String END = "<!-- mlops:pages:end -->";

  /** Companion pages by file name, with the link text, in display order. */
  private static final List<Map.Entry<String, String>> PAGES =
      List.of(
          Map.entry("benchmark.html", "Inference benchmark: latency and throughput per runtime"),
          Map.entry("drift.html", "Drift check: incoming images against the training baseline"));

  /** The file name of the evaluation report, the page that links the others. */
  public static final String INDEX = "index.html";

  /** The edge of thumbnails on report pages, in pixels. */
  public static final int THUMBNAIL_SIZE = 96;

  /** The page style, shared with the companion pages so they look like one report. */
  public static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}"
          + "table{border-collapse:collapse;margin:.5em 0}"
          + "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
          + "th:first-child{text-align:left}"
          + ".pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}"
          + ".chart{margin:.5em 1em .5em 0}.thumbs{display:flex;flex-wrap:wrap;gap:1em}"
          + ".note{color:#555;font-style:italic}"
          + "figure{margin:0;width:"
          + (THUMBNAIL_SIZE + 64)
          + "px;font-size:.8em;overflow-wrap:anywhere}"
          + ".missing{display:inline-block;width:"
          + THUMBNAIL_SIZE
          + "px;height:"
          + THUMBNAIL_SIZE
          + "px;background:#eee}";

  private ReportPages() {}

  /**
   * Updates the list of companion pages (such as {@code benchmark.html}) in an existing {@code
   * reportDir/index.html}, for a goal that wrote one after the report; does nothing without a
   * report.
   *
   * @return whether {@code index.html} exists and was updated
   * @throws MlopsException when the page cannot be read or written
   */
  public static boolean linkCompanionPages(Path reportDir) throws MlopsException {
    Path page = reportDir.resolve(INDEX);
    try {
      return refresh(page);
    } catch (IOException e) {
      throw new MlopsException("cannot update the HTML report " + page + ": " + e.getMessage(), e);
    }
  }

  /** The marked section listing the companion pages present in {@code reportDir}. */
  public static String section(Path reportDir) {
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
  public static boolean refresh(Path index) throws IOException {
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
