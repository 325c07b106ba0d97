package dev.mlops.core.features;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats a view can be exported to, chosen by the output file's extension. */
public enum ExportFormat {
  /** Apache Parquet ({@code .parquet}): typed columns, read by Spark, pandas/pyarrow, DuckDB. */
  PARQUET(".parquet"),
  /** RFC 4180 CSV ({@code .csv}) with a header row; numbers round-trip exactly. */
  CSV(".csv");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  /** The file name extension, with its dot. */
  public String extension() {
    return extension;
  }

  /**
   * The format of {@code output} by its extension (in any case).
   *
   * @throws InvalidInputException naming the file and both extensions when it has neither
   */
  public static ExportFormat of(Path output) throws InvalidInputException {
    Path name = output.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (lower.endsWith(f.extension) && lower.length() > f.extension.length()) {
        return f;
      }
    }
    throw new InvalidInputException(
        "cannot export features to "
            + output
            + ": the file name must end in .parquet (Apache Parquet) or .csv (CSV), which choose"
            + " the format",
        String.valueOf(output),
        Remedy.setting("output"));
  }
}
