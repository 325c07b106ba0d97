package dev.mlops.core.features;

import dev.mlops.core.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Path;
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
 * Writes a {@link TrainingSet} as an Apache Parquet file with parquet-java, without Hadoop: {@link
 * LocalOutputFile} and {@link PlainParquetConfiguration} keep Hadoop's classes off the write path,
 * and the file is uncompressed because every codec in parquet-java goes through Hadoop's codec
 * classes (feature values are floats, which general-purpose codecs barely shrink anyway; the
 * strings are dictionary-encoded). Columns are flat and required: strings as UTF-8 {@code STRING},
 * statistics as {@code DOUBLE}, embedding values as {@code FLOAT}, one column each, so Spark and
 * pandas read them as ordinary numeric columns (a list column would arrive in pandas as one object
 * column of arrays).
 */
final class ParquetTable {
  private ParquetTable() {}

  static void write(Path file, TrainingSet set) throws IOException {
    FeatureView view = set.view();
    MessageType schema = schema(view);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(schema)
            .withExtraMetaData(Map.of("mlops.view", view.name(), "mlops.version", view.version()))
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            // a dictionary pays off for the few splits and labels only; on unique hashes, paths
            // and float values it is built and thrown away (5x slower for 512-wide embeddings)
            .withDictionaryEncoding(false)
            .withDictionaryEncoding("split", true)
            .withDictionaryEncoding("label", true)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (TrainingSet.Row row : set.rows()) {
        ManifestEntry e = row.entry();
        Group g = groups.newGroup();
        g.add(0, e.sha256());
        g.add(1, e.path());
        g.add(2, e.split().dirName());
        g.add(3, e.label());
        double[] values = row.values();
        int first = FeatureExport.FIXED_COLUMNS.size();
        for (int i = 0; i < values.length; i++) {
          if (view.isVector()) {
            g.add(first + i, (float) values[i]);
          } else {
            g.add(first + i, values[i]);
          }
        }
        writer.write(g);
      }
    }
  }

  static MessageType schema(FeatureView view) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (String name : FeatureExport.FIXED_COLUMNS) {
      b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    PrimitiveTypeName numeric =
        view.isVector() ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.DOUBLE;
    for (String column : view.columns()) {
      b.required(numeric).named(column);
    }
    return b.named("features");
  }
}
