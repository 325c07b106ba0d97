package dev.mlops.core.report;

import java.util.Base64;
import java.util.List;

/**
 * HTML building blocks of the report and its companion pages. Every string from data goes through
 * {@link #escape}.
 */
public final class Html {
  private Html() {}

  /** {@code text} safe inside element content and quoted attributes; {@code null} reads "-". */
  public static String escape(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** An {@code <img>} whose PNG bytes are inline, so the page needs no other file. */
  public static String pngImage(byte[] png, String alt, String cssClass) {
    return "<img class=\""
        + cssClass
        + "\" alt=\""
        + escape(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }

  /** A table row of already escaped cells; the first is a row header. */
  public static String row(List<String> cells) {
    StringBuilder out = new StringBuilder("<tr><th>").append(cells.get(0)).append("</th>");
    for (String cell : cells.subList(1, cells.size())) {
      out.append("<td>").append(cell).append("</td>");
    }
    return out.append("</tr>\n").toString();
  }

  /** A header row of already escaped cells. */
  public static String headerRow(List<String> cells) {
    StringBuilder out = new StringBuilder("<tr>");
    cells.forEach(c -> out.append("<th>").append(c).append("</th>"));
    return out.append("</tr>\n").toString();
  }

  /** A metric with 4 decimals, for tables. */
  public static String number(double value) {
    return Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.4f", value) : "-";
  }
}
