package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports read back exactly: CSV by our own RFC 4180 parser and by DuckDB, Parquet by
 * parquet-java's reader and by DuckDB (an independent C++ implementation of the format, as Spark
 * and pyarrow are).
 */
class FeatureExportTest {
  @TempDir Path tmp;

  private FeatureStore store;
  private final Map<String, double[]> stats = new LinkedHashMap<>();
  private final List<ManifestEntry> entries = new ArrayList<>();

  @BeforeEach
  void fill() throws Exception {
    store = FeatureStore.open(tmp.resolve("store"));
    Random random = new Random(7);
    String[] paths = {"train/cat/a,b.png", "train/cat/say \"hi\".png", "val/dog/x.png"};
    for (int i = 0; i < 30; i++) {
      String sha = sha(i);
      double[] v = new double[FeatureView.IMAGE_STATS.dimension()];
      for (int j = 0; j < v.length; j++) {
        // awkward doubles: full 53-bit mantissas, tiny and huge exponents, exact integers
        v[j] =
            switch (j % 4) {
              case 0 -> random.nextDouble();
              case 1 -> random.nextDouble() * 1e-300;
              case 2 -> Math.PI * random.nextInt(1000) + 1e200 * random.nextDouble();
              default -> 1.0 / (i + 3);
            };
      }
      stats.put(sha, v);
      String path = i < paths.length ? paths[i] : "test/bird/" + i + ".png";
      entries.add(
          new ManifestEntry(path, Split.values()[i % 3], i % 2 == 0 ? "cat" : "dog", sha, 10));
    }
    store.put(FeatureView.IMAGE_STATS, stats);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String sha(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) i;
    b[31] = (byte) (i * 7);
    return HexFormat.of().formatHex(b);
  }

  private ManifestEntry entry(String sha) {
    return entries.stream().filter(e -> e.sha256().equals(sha)).findFirst().orElseThrow();
  }

  private Manifest manifest() {
    return new Manifest(Layout.SPLIT_FOLDERS, null, entries);
  }

  private ExportResult export(String view, Path output, boolean skipMissing) throws Exception {
    return new FeatureExport(store)
        .export(
            ExportRequest.builder()
                .setView(view)
                .setManifest(manifest())
                .setOutput(output)
                .optSkipMissing(skipMissing)
                .build());
  }

  @Test
  void csv_statistics_roundTripEveryDoubleExactly() throws Exception {
    Path out = tmp.resolve("out/f.csv");

    ExportResult result = export("image-stats", out, false);

    assertThat(result.rows()).isEqualTo(30);
    assertThat(result.format()).isEqualTo(ExportFormat.CSV);
    List<List<String>> rows = Csv.parse(Files.readString(out));
    List<String> header = new ArrayList<>(FeatureExport.FIXED_COLUMNS);
    header.addAll(FeatureView.IMAGE_STATS.columns());
    assertThat(rows.get(0)).isEqualTo(header);
    assertThat(header).contains("brightness", "contrast", "mean_red", "aspect_ratio");
    assertThat(rows).hasSize(31);
    for (List<String> row : rows.subList(1, rows.size())) {
      ManifestEntry e = entry(row.get(0));
      assertThat(row.subList(0, 4))
          .containsExactly(e.sha256(), e.path(), e.split().dirName(), e.label());
      double[] expected = stats.get(e.sha256());
      for (int j = 0; j < expected.length; j++) {
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(row.get(4 + j))))
            .as(row.get(4 + j))
            .isEqualTo(Double.doubleToRawLongBits(expected[j]));
      }
    }
    assertThat(Files.readString(out))
        .contains("\"train/cat/a,b.png\"", "\"train/cat/say \"\"hi\"\".png\"")
        .contains("\r\n");
  }

  @Test
  void csv_embedding_writesTheShortestTextOfEachFloat32() throws Exception {
    FeatureView view = FeatureView.embedding("m", "v1", "abc", 3);
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (ManifestEntry e : entries) {
      rows.put(e.sha256(), new double[] {0.1f, (float) Math.E, -1e-20f});
    }
    store.put(view, rows);
    Path out = tmp.resolve("e.csv");

    export(view.name(), out, false);

    List<String> first = Csv.parse(Files.readString(out)).get(1);
    assertThat(first.subList(4, 7)).containsExactly("0.1", "2.7182817", "-1.0E-20");
    assertThat(Float.parseFloat(first.get(5))).isEqualTo((float) Math.E);
  }

  @Test
  void csv_readByDuckDb_sameRowsAndValues() throws Exception {
    Path out = tmp.resolve("f.csv");
    export("image-stats", out, false);

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT sha256, path, brightness, contrast FROM read_csv('"
                    + out
                    + "', header = true, quote = '\"', escape = '\"') ORDER BY path")) {
      int n = 0;
      while (r.next()) {
        n++;
        double[] expected = stats.get(r.getString(1));
        assertThat(entries).anyMatch(e -> e.path().equals(path(r)));
        assertThat(r.getDouble(3)).isEqualTo(expected[0]);
        assertThat(r.getDouble(4)).isEqualTo(expected[1]);
      }
      assertThat(n).isEqualTo(30);
    }
  }

  private static String path(ResultSet r) {
    try {
      return r.getString(2);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void parquet_readBackByParquetJava_typedColumnsAndExactValues() throws Exception {
    Path out = tmp.resolve("f.parquet");

    ExportResult result = export("image-stats", out, false);

    assertThat(result.format()).isEqualTo(ExportFormat.PARQUET);
    assertThat(result.bytes()).isEqualTo(Files.size(out));
    List<Group> groups = new ArrayList<>();
    MessageType schema;
    try (ParquetFileReader reader =
        new ParquetFileReader(
            new LocalInputFile(out),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry("mlops.view", "image-stats");
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          groups.add(records.read());
        }
      }
    }
    assertThat(schema.getFieldCount()).isEqualTo(4 + FeatureView.IMAGE_STATS.dimension());
    assertThat(schema.getType("sha256").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.BINARY);
    assertThat(schema.getType("brightness").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.DOUBLE);
    assertThat(groups).hasSize(30);
    for (Group g : groups) {
      ManifestEntry e = entry(g.getString("sha256", 0));
      assertThat(g.getString("path", 0)).isEqualTo(e.path());
      assertThat(g.getString("label", 0)).isEqualTo(e.label());
      assertThat(g.getString("split", 0)).isEqualTo(e.split().dirName());
      double[] expected = stats.get(g.getString("sha256", 0));
      for (int j = 0; j < expected.length; j++) {
        assertThat(g.getDouble(4 + j, 0)).isEqualTo(expected[j]);
      }
    }
  }

  @Test
  void parquet_readByDuckDb_stringsDoublesAndFloatsExact() throws Exception {
    FeatureView view = FeatureView.embedding("m", "v1", "abc", 4);
    Map<String, double[]> vectors = new LinkedHashMap<>();
    Random random = new Random(3);
    for (ManifestEntry e : entries) {
      vectors.put(e.sha256(), new double[] {random.nextFloat(), -random.nextFloat(), 1e-30f, 3f});
    }
    store.put(view, vectors);
    Path stats = tmp.resolve("s.parquet");
    Path emb = tmp.resolve("e.parquet");
    export("image-stats", stats, false);
    export(view.name(), emb, false);

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '" + emb + "')")) {
        Map<String, String> types = new LinkedHashMap<>();
        while (r.next()) {
          types.put(r.getString(1), r.getString(2));
        }
        assertThat(types)
            .containsExactly(
                Map.entry("sha256", "VARCHAR"),
                Map.entry("path", "VARCHAR"),
                Map.entry("split", "VARCHAR"),
                Map.entry("label", "VARCHAR"),
                Map.entry("e0", "FLOAT"),
                Map.entry("e1", "FLOAT"),
                Map.entry("e2", "FLOAT"),
                Map.entry("e3", "FLOAT"));
      }
      try (ResultSet r = s.executeQuery("SELECT sha256, e0, e1, e2, e3 FROM '" + emb + "'")) {
        int n = 0;
        while (r.next()) {
          n++;
          double[] expected = vectors.get(r.getString(1));
          for (int j = 0; j < 4; j++) {
            assertThat(r.getFloat(2 + j)).isEqualTo((float) expected[j]);
          }
        }
        assertThat(n).isEqualTo(30);
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT sha256, path, label, sharpness, typeof(sharpness) FROM '" + stats + "'")) {
        int n = 0;
        while (r.next()) {
          n++;
          ManifestEntry e = entry(r.getString(1));
          assertThat(r.getString(1)).isEqualTo(e.sha256());
          assertThat(r.getString(2)).isEqualTo(e.path());
          assertThat(r.getString(3)).isEqualTo(e.label());
          assertThat(r.getString(5)).isEqualTo("DOUBLE");
          assertThat(r.getDouble(4))
              .isEqualTo(
                  this.stats
                      .get(e.sha256())[FeatureView.IMAGE_STATS.columns().indexOf("sharpness")]);
        }
        assertThat(n).isEqualTo(30);
      }
    }
  }

  @Test
  void export_imagesWithoutValues_failsWithTheCountAndTheFixAndWritesNothing() throws Exception {
    entries.add(new ManifestEntry("train/cat/new1.png", Split.TRAIN, "cat", sha(100), 1));
    entries.add(new ManifestEntry("train/cat/new2.png", Split.TRAIN, "cat", sha(101), 1));
    Path out = tmp.resolve("f.parquet");

    assertThatThrownBy(() -> export("image-stats", out, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("2 of 32 images have no image-stats values")
        .hasMessageContaining("train/cat/new1.png")
        .hasMessageContaining("materialize")
        .hasMessageContaining("skipMissing")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).remedy().settings())
                    .containsExactly("skipMissing"));
    assertThat(out).doesNotExist();
    assertThat(tmp).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void export_skipMissing_writesTheOthersAndCountsTheSkipped() throws Exception {
    entries.add(new ManifestEntry("train/cat/new1.png", Split.TRAIN, "cat", sha(100), 1));
    Path out = tmp.resolve("f.csv");

    ExportResult result = export("image-stats", out, true);

    assertThat(result.rows()).isEqualTo(30);
    assertThat(result.skipped()).isEqualTo(1);
    assertThat(result.summary())
        .startsWith("features-export image-stats: 30 rows (14 columns) to ")
        .contains("1 skipped without values");
    assertThat(Files.readString(out)).doesNotContain("new1.png");
  }

  @Test
  void export_otherExtension_failsNamingTheFileAndBothFormats() {
    Path out = tmp.resolve("f.xlsx");

    assertThatThrownBy(() -> export("image-stats", out, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(out.toString())
        .hasMessageContaining(".parquet")
        .hasMessageContaining(".csv");
    assertThat(out).doesNotExist();
  }

  @Test
  void export_unknownView_failsNamingTheStoredViews() {
    assertThatThrownBy(() -> export("embedding/none/v1", tmp.resolve("f.csv"), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'embedding/none/v1' is not in the feature store")
        .hasMessageContaining("image-stats");
  }

  @Test
  void export_existingFile_isReplacedWholeWithNoTemporaryFileLeft() throws Exception {
    Path out = tmp.resolve("f.parquet");
    Files.writeString(out, "old");

    export("image-stats", out, false);

    assertThat(Files.readAllBytes(out)).startsWith("PAR1".getBytes());
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("store", "f.parquet");
    }
  }

  /** A strict RFC 4180 parser: the reference the CSV writer is checked against. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      int i = 0;
      boolean quoted = false;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
          i++;
        } else if (c == '"') {
          quoted = true;
          i++;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
          i++;
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i += 2;
        } else {
          field.append(c);
          i++;
        }
      }
      return rows;
    }
  }
}
