package dev.mlops.core.features;

import dev.mlops.core.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The feature store's offline side as Parquet files, written by distributed jobs (one file per
 * partition) and loaded into the SQLite store: {@code
 * <store>/features/offline/<view-name>/<view-version>/part-<run>-<partition>.parquet}. Columns:
 * {@code sha256} (required UTF-8 string), then the view's columns with the names and types {@link
 * FeatureExport} writes ({@code DOUBLE} for statistics, {@code FLOAT} for an embedding), required;
 * the file metadata names the view ({@code mlops.view}, {@code mlops.version}). A part is written
 * to a hidden temporary file and renamed, so a reader never sees half a part.
 *
 * <p>Writing needs parquet-java only; {@link #load} uses parquet-java's reader, which needs
 * Hadoop's client classes at run time: a Spark JVM has them, the Maven plugin does not.
 */
public final class OfflineFeatures {
  /** The directory under {@code <store>/features}. */
  public static final String DIRECTORY = "offline";

  /** Rows per store transaction while loading. */
  private static final int LOAD_ROWS = 4096;

  private OfflineFeatures() {}

  /** The directory of a view's parts under the store root. */
  public static Path directory(Path storeRoot, FeatureView view) {
    Path dir = storeRoot.resolve(FeatureStore.DIRECTORY).resolve(DIRECTORY);
    for (String part : view.name().split("/")) {
      dir = dir.resolve(part);
    }
    return dir.resolve(view.version());
  }

  /** The name of one part: {@code part-<run>-<partition, 5 digits>.parquet}. */
  public static String partName(String run, int partition) {
    return String.format(java.util.Locale.ROOT, "part-%s-%05d.parquet", run, partition);
  }

  /** The Parquet schema of a view's parts. */
  public static MessageType schema(FeatureView view) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    b.required(PrimitiveTypeName.BINARY)
        .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType())
        .named("sha256");
    PrimitiveTypeName numeric =
        view.isVector() ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.DOUBLE;
    for (String column : view.columns()) {
      b.required(numeric).named(column);
    }
    return b.named("features");
  }

  /**
   * Writes {@code rows} (values by content hash, in their order) to {@code file} atomically.
   *
   * @return the file's size
   */
  public static long writePart(Path file, FeatureView view, Map<String, double[]> rows)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      AtomicFiles.makeReadable(temp);
      MessageType schema = schema(view);
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new LocalOutputFile(temp))
              .withConf(new PlainParquetConfiguration())
              .withType(schema)
              .withExtraMetaData(Map.of("mlops.view", view.name(), "mlops.version", view.version()))
              .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
              .withDictionaryEncoding(false)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .build()) {
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
          Group g = groups.newGroup();
          g.add(0, row.getKey());
          double[] values = row.getValue();
          for (int i = 0; i < values.length; i++) {
            if (view.isVector()) {
              g.add(1 + i, (float) values[i]);
            } else {
              g.add(1 + i, values[i]);
            }
          }
          writer.write(g);
        }
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      long bytes = Files.size(temp);
      AtomicFiles.moveIntoPlace(temp, file);
      return bytes;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * What {@link #load} did.
   *
   * @param parts part files read
   * @param rows rows read
   * @param added rows the store did not have yet
   */
  public record LoadResult(int parts, long rows, long added) {}

  /**
   * Loads every part of {@code view} under {@code storeRoot} into {@code store}; rows the store has
   * already are kept as they are (a value is a function of the bytes, so they are equal).
   *
   * @throws IOException when a part cannot be read or names another view
   */
  public static LoadResult load(FeatureStore store, FeatureView view, Path storeRoot)
      throws IOException, FeatureStoreException {
    List<Path> parts = parts(directory(storeRoot, view));
    long rows = 0;
    long added = 0;
    for (Path part : parts) {
      Map<String, double[]> batch = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> row : read(part, view).entrySet()) {
        batch.put(row.getKey(), row.getValue());
        rows++;
        if (batch.size() == LOAD_ROWS) {
          added += store.put(view, batch);
          batch.clear();
        }
      }
      added += store.put(view, batch);
    }
    return new LoadResult(parts.size(), rows, added);
  }

  /** The part files in a view's directory, sorted by name (hidden temporary files left out). */
  public static List<Path> parts(Path dir) throws IOException {
    List<Path> parts = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return parts;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*.parquet")) {
      files.forEach(parts::add);
    }
    parts.sort(null);
    return parts;
  }

  /** The rows of one part, values by content hash in file order. */
  public static Map<String, double[]> read(Path part, FeatureView view) throws IOException {
    Map<String, double[]> rows = new LinkedHashMap<>();
    try (ParquetFileReader reader =
        new ParquetFileReader(
            new LocalInputFile(part),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      Map<String, String> meta = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      if (!view.name().equals(meta.get("mlops.view"))
          || !view.version().equals(meta.get("mlops.version"))) {
        throw new IOException(
            part
                + " holds view "
                + meta.get("mlops.view")
                + " "
                + meta.get("mlops.version")
                + ", not "
                + view);
      }
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group g = records.read();
          double[] values = new double[view.dimension()];
          for (int c = 0; c < values.length; c++) {
            values[c] = view.isVector() ? g.getFloat(1 + c, 0) : g.getDouble(1 + c, 0);
          }
          rows.put(g.getString(0, 0), values);
        }
      }
    }
    return rows;
  }
}
