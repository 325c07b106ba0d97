package dev.mlops.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One line of a benchmark table.
 *
 * @param what what was measured
 * @param files files processed
 * @param bytes bytes processed
 * @param seconds wall-clock seconds
 * @param note anything the numbers need to be read right
 */
record Row(String what, long files, long bytes, double seconds, String note) {
  Row(String what, long files, long bytes, double seconds) {
    this(what, files, bytes, seconds, "");
  }

  static String table(List<Row> rows) {
    StringBuilder out =
        new StringBuilder(
            "| what | files | MB | seconds | files/s | MB/s | note |\n"
                + "|---|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.3f | %,.0f | %,.0f | %s |%n",
              r.what(),
              r.files(),
              r.bytes() / 1e6,
              r.seconds(),
              r.files() / r.seconds(),
              r.bytes() / 1e6 / r.seconds(),
              r.note()));
    }
    return out.toString();
  }
}
