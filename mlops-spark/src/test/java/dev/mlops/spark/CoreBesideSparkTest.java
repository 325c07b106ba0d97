package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.OnnxEmbedder;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.features.ExportRequest;
import dev.mlops.core.features.FeatureExport;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core keeps working in a JVM where Spark runs (its Jackson, protobuf, SLF4J binding and
 * Parquet on the classpath): the parent pom pins one Jackson and one Parquet for both, Spark shades
 * its own protobuf, and the core logs through whatever SLF4J provider the JVM has.
 */
class CoreBesideSparkTest {
  private static SparkSession spark;

  @TempDir static Path temp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.open("local[2]", "core-beside-spark");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Manifest dataset(Path data) throws Exception {
    for (int i = 0; i < 12; i++) {
      Images.write(data.resolve((i % 2 == 0 ? "cat" : "dog") + "/img-" + i + ".png"), 2 * i);
    }
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, 1))
        .manifest();
  }

  @Test
  void json_canonicalRoundTrip_equalsAndSparkReadsTheSameValues() throws Exception {
    Manifest manifest = dataset(temp.resolve("json"));
    byte[] json = manifest.toCanonicalJson();

    assertThat(Manifest.fromJson(json)).isEqualTo(manifest);
    assertThat(Json.canonical(Manifest.fromJson(json))).isEqualTo(json);
    Path file = Files.write(temp.resolve("manifest.json"), json);
    Dataset<Row> entries =
        spark.read().json(file.toString()).selectExpr("explode(entries) AS e").select("e.*");
    assertThat(entries.count()).isEqualTo(manifest.entries().size());
    Row first = entries.orderBy("path").first();
    ManifestEntry expected = manifest.entries().get(0);
    assertThat(first.<String>getAs("path")).isEqualTo(expected.path());
    assertThat(first.<String>getAs("sha256")).isEqualTo(expected.sha256());
    assertThat(first.<Long>getAs("size")).isEqualTo(expected.size());
  }

  @Test
  void onnx_writtenAndParsedWithProtobuf_runsInOnnxRuntime() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 3, 3, 16);
    Map<String, float[]> weights = new HashMap<>();
    Random random = new Random(7);
    for (ParameterSpec p : graph.parameters()) {
      float[] values = new float[(int) p.size()];
      // Positive values keep batch-norm variances valid.
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.5f + random.nextFloat() * 0.1f;
      }
      weights.put(p.name(), values);
    }
    ExportMetadata metadata =
        new ExportMetadata(
            List.of("a", "b", "c"), Preprocessing.imagenet(16, 3), "m", "1.0", "f".repeat(64));
    byte[] onnx = OnnxTranslator.standard().export(graph, weights, metadata);
    Path file = Files.write(temp.resolve("model.onnx"), onnx);

    try (OnnxClassifier classifier = OnnxClassifier.open(file, 1);
        OnnxEmbedder embedder = OnnxEmbedder.open(file, 1)) {
      float[] pixels = new float[3 * 16 * 16];
      float[][] embeddings = embedder.embeddings(pixels, 1);
      assertThat(classifier.labels()).containsExactly("a", "b", "c");
      assertThat(embeddings[0]).hasSize(embedder.dimension());
      assertThat(embedder.dimension()).isPositive();
    }
  }

  @Test
  void featureStoreAndParquetExport_sparkReadsTheStoredValues() throws Exception {
    Path data = temp.resolve("features");
    Manifest manifest = dataset(data);
    Path output = temp.resolve("stats.parquet");
    Map<String, double[]> stored = new HashMap<>();
    try (FeatureStore store = FeatureStore.open(temp.resolve("store"))) {
      store.materialize(ImageRef.of(data, manifest), Progress.NONE);
      new FeatureExport(store)
          .export(
              ExportRequest.builder()
                  .setView(FeatureView.IMAGE_STATS_NAME)
                  .setManifest(manifest)
                  .setOutput(output)
                  .build());
      for (ManifestEntry e : manifest.entries()) {
        stored.put(e.sha256(), store.get(FeatureView.IMAGE_STATS_NAME, e.sha256()).orElseThrow());
      }
    }

    List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
    List<String> columns = FeatureView.IMAGE_STATS.columns();
    assertThat(rows).hasSize(manifest.entries().size());
    for (Row row : rows) {
      double[] expected = stored.get(row.<String>getAs("sha256"));
      for (int c = 0; c < columns.size(); c++) {
        assertThat(row.<Double>getAs(columns.get(c))).as(columns.get(c)).isEqualTo(expected[c]);
      }
    }
  }

  @Test
  void slf4j_inTheSparkJvm_isSparksLog4jProvider() {
    // One provider for both: the core's log lines go where Spark's go, nothing is dropped silently.
    String factory = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
    assertThat(factory).isEqualTo("org.apache.logging.slf4j.Log4jLoggerFactory");
    org.slf4j.LoggerFactory.getLogger(CoreBesideSparkTest.class).info("core logging beside Spark");
  }
}
