package dev.mlops.core.features;

import dev.mlops.core.data.ManifestEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TrainingSet} as RFC 4180 CSV: UTF-8, a header row, CRLF line ends, a field quoted
 * (quotes doubled) when it holds a comma, quote, CR or LF. Numbers are written so that they parse
 * back to the very same value: {@link Double#toString} for statistics (float64), {@link
 * Float#toString} for embedding values (float32, the shortest text that reads back as the same
 * float32).
 */
final class CsvTable {
  private CsvTable() {}

  static void write(Path file, TrainingSet set) throws IOException {
    FeatureView view = set.view();
    try (Writer out =
        new BufferedWriter(
            new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
            1 << 16)) {
      List<String> header = new ArrayList<>(FeatureExport.FIXED_COLUMNS);
      header.addAll(view.columns());
      line(out, header);
      List<String> fields = new ArrayList<>(header.size());
      for (TrainingSet.Row row : set.rows()) {
        ManifestEntry e = row.entry();
        fields.clear();
        fields.add(e.sha256());
        fields.add(e.path());
        fields.add(e.split().dirName());
        fields.add(e.label());
        for (double v : row.values()) {
          fields.add(view.isVector() ? Float.toString((float) v) : Double.toString(v));
        }
        line(out, fields);
      }
    }
  }

  private static void line(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields.get(i)));
    }
    out.write("\r\n");
  }

  /** The field as RFC 4180 wants it. */
  static String quote(String field) {
    boolean needs = false;
    for (int i = 0; i < field.length() && !needs; i++) {
      char c = field.charAt(i);
      needs = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
