package dev.mlops.core.predict;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes predictions as one Apache Parquet file, atomically: rows go to a temporary file beside the
 * output, which is synced and renamed into place by {@link #commit}, so a reader never sees half a
 * file and a failed run leaves the previous one. Closing without committing deletes the temporary
 * file.
 *
 * <p>Schema (message {@code predictions}), one row per image in input order:
 *
 * <ul>
 *   <li>{@code path}: required UTF-8 string, the image's {@code /}-separated path under the
 *       incoming directory;
 *   <li>{@code sha256}: optional string, the file's content hash (null only when it could not be
 *       read at all);
 *   <li>{@code label}: optional string, the most probable class; null when {@code error} is set;
 *   <li>{@code confidence}: optional float32, that class's probability;
 *   <li>{@code probabilities}: optional standard 3-level {@code LIST} of required float32, one per
 *       class in the order of the file's {@code mlops.labels} metadata (a JSON list); an array
 *       column rather than one column per class because class names need not be valid or distinct
 *       column names, and Spark, pandas/pyarrow and DuckDB read it as an array;
 *   <li>{@code error}: optional string, why an image has no prediction (not decodable, too many
 *       pixels): such images are rows, not exceptions, so the file accounts for every input.
 * </ul>
 *
 * Uncompressed and without Hadoop on the write path, as the feature export (see {@code
 * FeatureExport}): every parquet-java codec goes through Hadoop's codec classes.
 */
public final class PredictionsWriter implements AutoCloseable {
  /** The file metadata key holding the labels, a JSON list: index = probabilities element. */
  public static final String LABELS_KEY = "mlops.labels";

  private final Path output;
  private final Path temp;
  private final ParquetWriter<Group> writer;
  private final SimpleGroupFactory groups;
  private boolean closed;
  private long rows;

  private PredictionsWriter(Path output, Path temp, ParquetWriter<Group> writer, MessageType type) {
    this.output = output;
    this.temp = temp;
    this.writer = writer;
    this.groups = new SimpleGroupFactory(type);
  }

  /** The schema of a predictions file. */
  public static MessageType schema() {
    return Types.buildMessage()
        .required(PrimitiveTypeName.BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("path")
        .optional(PrimitiveTypeName.BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("sha256")
        .optional(PrimitiveTypeName.BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("label")
        .optional(PrimitiveTypeName.FLOAT)
        .named("confidence")
        .optionalList()
        .requiredElement(PrimitiveTypeName.FLOAT)
        .named("probabilities")
        .optional(PrimitiveTypeName.BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("error")
        .named("predictions");
  }

  /**
   * Starts writing {@code output} (created with its parent directories on {@link #commit}).
   *
   * @param labels the model's class names, stored in the file's metadata
   */
  public static PredictionsWriter open(Path output, List<String> labels) throws IOException {
    Path target = output.toAbsolutePath().normalize();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      AtomicFiles.makeReadable(temp);
      MessageType type = schema();
      String labelsJson = new String(Json.canonical(labels), StandardCharsets.UTF_8);
      ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new LocalOutputFile(temp))
              .withConf(new PlainParquetConfiguration())
              .withType(type)
              .withExtraMetaData(Map.of(LABELS_KEY, labelsJson))
              .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
              // labels repeat (a dictionary pays); hashes, paths and floats are unique
              .withDictionaryEncoding(false)
              .withDictionaryEncoding("label", true)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .build();
      return new PredictionsWriter(target, temp, writer, type);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Appends one row. */
  public void write(Prediction p) throws IOException {
    Group g = groups.newGroup();
    g.add("path", p.path());
    if (p.sha256() != null) {
      g.add("sha256", p.sha256());
    }
    if (p.ok()) {
      g.add("label", p.label());
      g.add("confidence", p.confidence());
      Group list = g.addGroup("probabilities");
      for (float v : p.probabilities()) {
        list.addGroup("list").add("element", v);
      }
    } else {
      g.add("error", p.error());
    }
    writer.write(g);
    rows++;
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /**
   * Finishes the file, syncs it and renames it over the output.
   *
   * @return the file's size in bytes
   */
  public long commit() throws IOException {
    closed = true;
    try {
      writer.close();
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      long bytes = Files.size(temp);
      AtomicFiles.moveIntoPlace(temp, output);
      return bytes;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Abandons an uncommitted file (its temporary file is deleted); no-op after {@link #commit}. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
