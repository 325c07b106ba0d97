package dev.mlops.core.features;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link FeatureExport} wrote.
 *
 * @param view the view exported
 * @param output the file written
 * @param format its format
 * @param rows images written
 * @param skipped images left out for lack of values (only with {@code skipMissing})
 * @param bytes the file's size
 * @param seconds wall time
 */
public record ExportResult(
    FeatureView view,
    Path output,
    ExportFormat format,
    int rows,
    int skipped,
    long bytes,
    double seconds) {
  /**
   * The summary line: {@code features-export image-stats: 300 rows (11 columns) to f.parquet, 0
   * skipped, 41 KB in 0.2 s}.
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "features-export %s: %d rows (%d columns) to %s, %d skipped without values, %d KB in %.1f s",
        view.name(),
        rows,
        FeatureExport.FIXED_COLUMNS.size() + view.dimension(),
        output,
        skipped,
        (bytes + 1023) / 1024,
        seconds);
  }
}
