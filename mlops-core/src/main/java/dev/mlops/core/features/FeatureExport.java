package dev.mlops.core.features;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.ManifestEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a dataset version's images with a view's values as a table: the offline side of the
 * feature store. Columns: {@code sha256, path, split, label}, then one per feature named as the
 * view's columns ({@code brightness, contrast, mean_red, ...} as in {@code drift.json}; {@code e0,
 * e1, ...} for an embedding). Labels and splits come from the version's manifest, values from the
 * store.
 *
 * <p>An image without values fails the export by default (a silently shorter table would bias
 * whatever is trained or analysed on it); {@code skipMissing} leaves such images out and counts
 * them. The file is written to a temporary file beside it, synced and renamed into place, so a
 * reader never sees half a file and a failed export leaves the previous one.
 */
public final class FeatureExport {
  /** The columns before the features, in order. */
  public static final List<String> FIXED_COLUMNS = List.of("sha256", "path", "split", "label");

  /** Images named in the missing-values message, so a large gap stays one readable line. */
  private static final int NAMED_MISSING = 3;

  private final FeatureStore store;

  /** Exports from {@code store}. */
  public FeatureExport(FeatureStore store) {
    this.store = store;
  }

  /**
   * Writes the request's rows to its output file.
   *
   * @throws InvalidInputException for an unknown view, an output that is neither {@code .parquet}
   *     nor {@code .csv}, or images without values (unless {@code skipMissing})
   * @throws MlopsException when the store cannot be read or the file cannot be written
   */
  public ExportResult export(ExportRequest request) throws MlopsException {
    long start = System.nanoTime();
    ExportFormat format = ExportFormat.of(request.output());
    FeatureView view = resolve(request.view());
    TrainingSet set = store.trainingSet(view, request.manifest());
    if (!set.missing().isEmpty() && !request.skipMissing()) {
      throw missing(view, set);
    }
    Path output = request.output().toAbsolutePath().normalize();
    long bytes = write(format, output, set);
    return new ExportResult(
        view,
        output,
        format,
        set.rows().size(),
        set.missing().size(),
        bytes,
        (System.nanoTime() - start) / 1e9);
  }

  private FeatureView resolve(String name) throws MlopsException {
    var view = store.view(name);
    if (view.isPresent()) {
      return view.get();
    }
    Map<FeatureView, Long> views = store.views();
    String known =
        views.isEmpty()
            ? "none yet"
            : views.keySet().stream()
                .map(FeatureView::name)
                .distinct()
                .collect(Collectors.joining(", "));
    throw new InvalidInputException(
        "feature view '"
            + name
            + "' is not in the feature store "
            + store.database()
            + " (views there: "
            + known
            + "); use image-stats or an embedding view that was materialized",
        name,
        Remedy.setting("view"));
  }

  private InvalidInputException missing(FeatureView view, TrainingSet set) {
    int total = set.rows().size() + set.missing().size();
    String named =
        set.missing().stream()
            .limit(NAMED_MISSING)
            .map(ManifestEntry::path)
            .collect(Collectors.joining(", "));
    return new InvalidInputException(
        set.missing().size()
            + " of "
            + total
            + " images have no "
            + view.name()
            + " values in the feature store "
            + store.database()
            + " (e.g. "
            + named
            + (set.missing().size() > NAMED_MISSING ? ", ..." : "")
            + "); materialize the view for this dataset version first (the features goal), or"
            + " set skipMissing to export only the images with values",
        String.valueOf(set.missing().size()),
        Remedy.setting("skipMissing"));
  }

  private static long write(ExportFormat format, Path output, TrainingSet set)
      throws MlopsException {
    Path temp = null;
    try {
      Path dir = output.getParent();
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + output.getFileName(), ".tmp");
      AtomicFiles.makeReadable(temp);
      switch (format) {
        case PARQUET -> ParquetTable.write(temp, set);
        case CSV -> CsvTable.write(temp, set);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      long bytes = Files.size(temp);
      AtomicFiles.moveIntoPlace(temp, output);
      return bytes;
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the feature export "
              + output
              + ": "
              + e.getMessage()
              + "; check that its directory is writable and has space",
          e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // a leftover hidden .tmp file is harmless; the export's own outcome is what matters
    }
  }
}
