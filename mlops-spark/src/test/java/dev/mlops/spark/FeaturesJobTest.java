package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.TinyOnnxModels;
import dev.mlops.core.features.EmbeddingExtractor;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.features.ImageStatsExtractor;
import dev.mlops.core.features.MaterializeResult;
import dev.mlops.core.features.OfflineFeatures;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.predict.PredictFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FeaturesJob on local[2]: the image-stats and embedding values in its Parquet parts and, after
 * loading, in the SQLite store equal a local materialization's exactly, with the same unreadable
 * images.
 */
class FeaturesJobTest {
  private static final int IMAGES = 300;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path data;
  private static Manifest manifest;

  @BeforeAll
  static void start() throws Exception {
    data = PredictFixtures.write(dir.resolve("data"), IMAGES, 9);
    Files.delete(data.resolve(".DS_Store"));
    // the same bytes twice: one row per content hash
    Files.copy(data.resolve("a/img-0000.jpg"), data.resolve("b/copy-of-0000.jpg"));
    manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
            .manifest();
    spark = SparkSessions.open("local[2]", "features-test");
  }

  @AfterAll
  static void stop() throws Exception {
    spark.close();
  }

  @Test
  void run_local2_storeHoldsExactlyTheLocalRows() throws Exception {
    Path localStore = dir.resolve("local-store");
    MaterializeResult local;
    try (FeatureStore store = FeatureStore.open(localStore)) {
      local = store.materialize(ImageRef.of(data, manifest), Progress.NONE);
    }
    Path sparkStore = dir.resolve("spark-store");

    FeaturesJob.Result result =
        FeaturesJob.run(spark, FeaturesJobConfig.of(data, manifest, sparkStore).withPartitions(5));

    assertThat(manifest.entries()).hasSize(IMAGES + 3);
    assertThat(result.computed()).isEqualTo(local.computed()).isEqualTo(IMAGES);
    assertThat(result.failed()).isEqualTo(local.failed()).hasSize(PredictFixtures.BROKEN);
    assertThat(result.reused()).isEqualTo(local.reused()).isZero();
    assertThat(result.parts()).isEqualTo(5);
    assertThat(result.loaded()).isEqualTo(IMAGES);
    FeatureView view = FeatureView.IMAGE_STATS;
    Set<String> shas = new TreeSet<>();
    manifest.entries().forEach(e -> shas.add(e.sha256()));
    try (FeatureStore a = FeatureStore.open(localStore);
        FeatureStore b = FeatureStore.open(sparkStore)) {
      assertThat(b.keys(view)).isEqualTo(a.keys(view)).hasSize(IMAGES);
      Map<String, double[]> expected = a.getAll(view, shas);
      Map<String, double[]> actual = b.getAll(view, shas);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach((sha, values) -> assertThat(actual.get(sha)).as(sha).isEqualTo(values));
    }
  }

  @Test
  void parts_holdTheExtractorsValuesBitForBit() throws Exception {
    Path store = dir.resolve("parts-store");
    FeaturesJobConfig config = FeaturesJobConfig.of(data, manifest, store).withPartitions(3);
    FeaturesJob.run(
        spark,
        new FeaturesJobConfig(
            data, manifest, store, config.partitions(), config.maxPixels(), false));

    FeatureView view = FeatureView.IMAGE_STATS;
    List<Path> parts = OfflineFeatures.parts(OfflineFeatures.directory(store, view));
    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).toString())
        .contains("features/offline/image-stats/" + view.version() + "/part-");
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (Path part : parts) {
      rows.putAll(OfflineFeatures.read(part, view));
    }
    assertThat(rows).hasSize(IMAGES);
    ImageStatsExtractor extractor = new ImageStatsExtractor();
    for (var e : manifest.entries()) {
      if (rows.containsKey(e.sha256()) && e.path().startsWith("a/img-00")) {
        assertThat(rows.get(e.sha256())).isEqualTo(extractor.prepare(data.resolve(e.path())));
      }
    }
    // not loaded: the SQLite store is untouched
    try (FeatureStore s = FeatureStore.open(store)) {
      assertThat(s.count(view)).isZero();
    }
  }

  @Test
  void run_again_readsNoImageAndWritesNoPart() throws Exception {
    Path store = dir.resolve("again-store");
    FeaturesJob.run(spark, FeaturesJobConfig.of(data, manifest, store).withPartitions(2));

    FeaturesJob.Result again =
        FeaturesJob.run(spark, FeaturesJobConfig.of(data, manifest, store).withPartitions(2));

    assertThat(again.computed()).isZero();
    assertThat(again.parts()).isZero();
    // the unreadable images are tried again, as a local re-run does: they have no values
    assertThat(again.reused()).isEqualTo(IMAGES);
    assertThat(OfflineFeatures.parts(OfflineFeatures.directory(store, FeatureView.IMAGE_STATS)))
        .hasSize(2);
  }

  @Test
  void embeddings_local2_equalTheLocalRowsBitForBit() throws Exception {
    Path modelDir =
        TinyOnnxModels.cnnSmall(dir.resolve("embedding-model"), 3, 16, 21)
            .getParent()
            .resolve("model");
    Path localStore = dir.resolve("embedding-local");
    FeatureView view;
    MaterializeResult local;
    try (Predictor predictor = ModelFiles.load(modelDir);
        FeatureStore store = FeatureStore.open(localStore)) {
      view = FeatureView.embedding("digits", "v1", "f00d", predictor.embeddingSize());
      local =
          store.materialize(
              new EmbeddingExtractor(predictor, view, 16),
              ImageRef.of(data, manifest),
              2,
              Progress.NONE);
    }
    Path sparkStore = dir.resolve("embedding-spark");

    FeaturesJob.Result result =
        FeaturesJob.embeddings(
            spark,
            FeaturesJobConfig.of(data, manifest, sparkStore).withPartitions(3),
            new EmbeddingModel(modelDir, "digits", "v1", "f00d", 16));

    assertThat(result.view()).isEqualTo(view);
    assertThat(result.computed()).isEqualTo(local.computed()).isEqualTo(IMAGES);
    assertThat(result.failed()).isEqualTo(local.failed()).hasSize(PredictFixtures.BROKEN);
    assertThat(result.parts()).isEqualTo(3);
    Set<String> shas = new TreeSet<>();
    manifest.entries().forEach(e -> shas.add(e.sha256()));
    try (FeatureStore a = FeatureStore.open(localStore);
        FeatureStore b = FeatureStore.open(sparkStore)) {
      Map<String, double[]> expected = a.getAll(view, shas);
      Map<String, double[]> actual = b.getAll(view, shas);
      assertThat(expected).hasSize(IMAGES);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      // bit for bit: the batches are cut as the local run cuts them (batch 16, 3 partitions)
      expected.forEach((sha, values) -> assertThat(actual.get(sha)).as(sha).isEqualTo(values));
    }
  }
}
