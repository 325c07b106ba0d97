package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline parts: the layout, exact values both ways, loading into the store. */
class OfflineFeaturesTest {
  @TempDir Path store;

  private static Map<String, double[]> rows(int n, FeatureView view, long seed) {
    Random random = new Random(seed);
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      double[] values = new double[view.dimension()];
      for (int j = 0; j < values.length; j++) {
        double v = random.nextGaussian() * 1e3;
        values[j] = view.isVector() ? (float) v : v;
      }
      rows.put(HexFormat.of().formatHex(key), values);
    }
    return rows;
  }

  @Test
  void directory_embeddingView_nestsTheNameAndVersion() {
    FeatureView view = FeatureView.embedding("digits", "v3", "abc", 4);

    assertThat(OfflineFeatures.directory(store, view))
        .isEqualTo(store.resolve("features/offline/embedding/digits/v3/x1-abc"));
    assertThat(OfflineFeatures.partName("0123abcd", 7)).isEqualTo("part-0123abcd-00007.parquet");
  }

  @Test
  void writeThenRead_statisticsAndEmbedding_exactValuesInOrder() throws Exception {
    for (FeatureView view :
        new FeatureView[] {FeatureView.IMAGE_STATS, FeatureView.embedding("m", "v1", "f", 5)}) {
      Map<String, double[]> rows = rows(50, view, 1);
      Path part = OfflineFeatures.directory(store, view).resolve(OfflineFeatures.partName("r", 0));

      long bytes = OfflineFeatures.writePart(part, view, rows);

      Map<String, double[]> read = OfflineFeatures.read(part, view);
      assertThat(bytes).isPositive();
      assertThat(read.keySet()).containsExactlyElementsOf(rows.keySet());
      rows.forEach((k, v) -> assertThat(read.get(k)).isEqualTo(v));
      assertThat(OfflineFeatures.schema(view).getFieldCount()).isEqualTo(1 + view.dimension());
    }
  }

  @Test
  void load_twoParts_storeHoldsEveryRowOnceAndKeepsExistingOnes() throws Exception {
    FeatureView view = FeatureView.IMAGE_STATS;
    Map<String, double[]> first = rows(30, view, 2);
    Map<String, double[]> second = rows(20, view, 3);
    Path dir = OfflineFeatures.directory(store, view);
    OfflineFeatures.writePart(dir.resolve(OfflineFeatures.partName("r", 0)), view, first);
    OfflineFeatures.writePart(dir.resolve(OfflineFeatures.partName("r", 1)), view, second);
    try (FeatureStore features = FeatureStore.open(store)) {
      features.put(
          view, Map.of(first.keySet().iterator().next(), first.values().iterator().next()));

      OfflineFeatures.LoadResult result = OfflineFeatures.load(features, view, store);

      assertThat(result).isEqualTo(new OfflineFeatures.LoadResult(2, 50, 49));
      assertThat(features.count(view)).isEqualTo(50);
      Map<String, double[]> stored = features.getAll(view, second.keySet());
      second.forEach((k, v) -> assertThat(stored.get(k)).isEqualTo(v));
    }
  }

  @Test
  void read_partOfAnotherView_namesBoth() throws Exception {
    FeatureView stats = FeatureView.IMAGE_STATS;
    Path part = store.resolve("p.parquet");
    OfflineFeatures.writePart(part, stats, rows(2, stats, 4));
    FeatureView other = FeatureView.embedding("m", "v1", "f", stats.dimension());

    assertThatThrownBy(() -> OfflineFeatures.read(part, other))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("image-stats")
        .hasMessageContaining("embedding/m/v1");
  }
}
