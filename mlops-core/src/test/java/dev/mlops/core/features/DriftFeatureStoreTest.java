package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftDetector;
import dev.mlops.core.drift.DriftFixture;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.drift.DriftRequest;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.drift.ObservationCache;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.train.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift detection reading image features and embeddings from the feature store. */
@Tag("pytorch")
class DriftFeatureStoreTest {
  @TempDir static Path root;
  private static Path model;
  private static String fingerprint;

  @BeforeAll
  static void train() throws Exception {
    model = DriftFixture.trainedModel(root);
    fingerprint = Fingerprint.readFrom(model).orElseThrow();
  }

  private static DriftReport check(Path incoming, String name, ObservationCache cache)
      throws Exception {
    Path out = root.resolve("out-" + name);
    return new DriftDetector(Progress.NONE)
        .check(
            new DriftRequest(
                model,
                "test model",
                incoming,
                null,
                DriftConfig.defaults(1),
                out.resolve("drift.json"),
                null,
                cache));
  }

  @Test
  void secondCheck_readsEveryImageFromTheStore_andReportsTheSameStatistics() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("dark"), 40, 98, Look.DARK);
    Files.write(incoming.resolve("broken.png"), new byte[] {1, 2, 3});
    List<String> log = new ArrayList<>();
    try (FeatureStore store = FeatureStore.open(root.resolve("store"))) {
      ObservationCache cache =
          StoredObservations.withEmbeddings(
              store, "m", "local", fingerprint, ProgressLog.unprefixed(log));

      DriftReport plain = check(incoming, "plain", null);
      DriftReport first = check(incoming, "first", cache);
      FeatureView embeddings = FeatureView.embedding("m", "local", fingerprint, embeddingSize());
      assertThat(store.count(FeatureView.IMAGE_STATS)).isEqualTo(80);
      assertThat(store.count(embeddings)).isEqualTo(80);

      DriftReport second =
          new DriftDetector(ProgressLog.unprefixed(log))
              .check(
                  new DriftRequest(
                      model,
                      "test model",
                      incoming,
                      null,
                      DriftConfig.defaults(1),
                      root.resolve("out-second/drift.json"),
                      null,
                      cache));

      assertThat(log)
          .contains("drift: 80 of 81 incoming images read from the feature store (not decoded)");
      assertThat(second.incoming().unreadable())
          .singleElement()
          .asString()
          .startsWith("broken.png");
      assertSameStatistics(first, plain);
      assertSameStatistics(second, plain);
      assertThat(second.retrainRecommended()).isTrue();
    }
  }

  @Test
  void storedImageStats_equalWhatDriftComputes_bitForBit() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("normal"), 10, 77, Look.NORMAL);
    try (FeatureStore store = FeatureStore.open(root.resolve("store-bits"));
        Stream<Path> walk = Files.walk(incoming)) {
      check(incoming, "bits", StoredObservations.imageStats(store, Progress.NONE));
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      assertThat(files).hasSize(20);
      for (Path f : files) {
        double[] stored = store.get(FeatureView.IMAGE_STATS, Hashing.sha256(f)).orElseThrow();
        assertThat(stored).containsExactly(ImageFeatures.of(ImagePreprocessor.read(f)));
      }
    }
  }

  private static int embeddingSize() throws Exception {
    try (Predictor p = ModelFiles.load(model)) {
      return p.embeddingSize();
    }
  }

  /** The two reports' drift.json agree on every number (probabilities to float precision). */
  private static void assertSameStatistics(DriftReport actual, DriftReport expected)
      throws Exception {
    assertThat(actual.status()).isEqualTo(expected.status());
    assertThat(actual.reasons()).isEqualTo(expected.reasons());
    compare(strip(actual), strip(expected), "");
  }

  private static JsonNode strip(DriftReport report) throws Exception {
    ObjectNode node = (ObjectNode) Json.mapper().valueToTree(report);
    node.remove(List.of("checkedAt", "seconds", "summary"));
    ((ObjectNode) node.get("incoming")).remove(List.of("imagesPerSecond", "directory"));
    return node;
  }

  private static void compare(JsonNode a, JsonNode b, String path) {
    if (a.isNumber() && b.isNumber()) {
      assertThat(a.doubleValue()).as(path).isCloseTo(b.doubleValue(), within(1e-5));
      return;
    }
    assertThat(a.getNodeType()).as(path).isEqualTo(b.getNodeType());
    if (a.isObject()) {
      assertThat(iterate(a.fieldNames())).as(path).isEqualTo(iterate(b.fieldNames()));
      a.fieldNames().forEachRemaining(f -> compare(a.get(f), b.get(f), path + "." + f));
    } else if (a.isArray()) {
      assertThat(a.size()).as(path).isEqualTo(b.size());
      for (int i = 0; i < a.size(); i++) {
        compare(a.get(i), b.get(i), path + "[" + i + "]");
      }
    } else {
      assertThat(a).as(path).isEqualTo(b);
    }
  }

  private static List<String> iterate(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
