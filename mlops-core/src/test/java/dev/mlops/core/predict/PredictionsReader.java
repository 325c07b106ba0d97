package dev.mlops.core.predict;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a file {@link PredictionsWriter} wrote, for tests. Test code because parquet-java's reader
 * needs Hadoop's classes, which the core's runtime class path (and so the plugin's) does not have.
 */
public final class PredictionsReader {
  private PredictionsReader() {}

  /**
   * A predictions file's contents.
   *
   * @param labels the class names from the file's metadata, index = probabilities element
   * @param rows the rows in file order
   */
  public record Contents(List<String> labels, List<Prediction> rows) {}

  /** Reads every row of {@code file} (held in memory: for files of moderate size). */
  public static Contents read(Path file) throws IOException {
    List<Prediction> rows = new ArrayList<>();
    try (ParquetFileReader reader =
        new ParquetFileReader(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String labels =
          reader
              .getFooter()
              .getFileMetaData()
              .getKeyValueMetaData()
              .get(PredictionsWriter.LABELS_KEY);
      if (labels == null) {
        throw new IOException(
            file + " has no " + PredictionsWriter.LABELS_KEY + " metadata: not a predictions file");
      }
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(row(records.read()));
        }
      }
      return new Contents(
          List.copyOf(Json.mapper().readValue(labels, new TypeReference<List<String>>() {})), rows);
    }
  }

  private static Prediction row(Group g) {
    String path = g.getString("path", 0);
    String sha256 = g.getFieldRepetitionCount("sha256") == 0 ? null : g.getString("sha256", 0);
    if (g.getFieldRepetitionCount("error") > 0) {
      return Prediction.failed(path, sha256, g.getString("error", 0));
    }
    Group list = g.getGroup("probabilities", 0);
    int n = list.getFieldRepetitionCount("list");
    float[] probabilities = new float[n];
    for (int i = 0; i < n; i++) {
      probabilities[i] = list.getGroup("list", i).getFloat("element", 0);
    }
    return new Prediction(
        path, sha256, g.getString("label", 0), g.getFloat("confidence", 0), probabilities, null);
  }
}
