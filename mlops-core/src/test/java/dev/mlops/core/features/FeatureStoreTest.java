package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.drift.ImageFeature;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
  @TempDir Path tmp;

  private static String sha(int i) {
    return Hashing.sha256(("image " + i).getBytes());
  }

  private static final FeatureView VECTORS =
      FeatureView.embedding("digits", "v1", "f".repeat(64), 3);

  @Test
  void putThenGet_roundTripsExactly_andASecondPutOfTheSameRowKeepsTheFirst() throws Exception {
    try (FeatureStore store = FeatureStore.open(tmp)) {
      double[] stats = {0.1, Math.PI, 1e-300, -0.0, 255, 28, 28, 1, 0.5, Double.MIN_VALUE};
      assertThat(store.put(FeatureView.IMAGE_STATS, Map.of(sha(1), stats))).isEqualTo(1);
      assertThat(store.put(FeatureView.IMAGE_STATS, Map.of(sha(1), new double[10]))).isZero();

      assertThat(store.get(FeatureView.IMAGE_STATS, sha(1)))
          .hasValueSatisfying(v -> assertThat(v).containsExactly(stats));
      assertThat(store.get("image-stats", sha(1))).isPresent();
      assertThat(store.get(FeatureView.IMAGE_STATS, sha(2))).isEmpty();
      assertThat(store.count(FeatureView.IMAGE_STATS)).isEqualTo(1);
    }
    try (FeatureStore reopened = FeatureStore.open(tmp)) {
      assertThat(reopened.keys(FeatureView.IMAGE_STATS)).containsExactly(sha(1));
    }
  }

  @Test
  void vectors_storedAsFloat32_andViewsOfOtherVersionsKeptApart() throws Exception {
    FeatureView retrained = FeatureView.embedding("digits", "v1", "e".repeat(64), 3);
    try (FeatureStore store = FeatureStore.open(tmp)) {
      store.put(VECTORS, Map.of(sha(1), new double[] {0.1, 2, -3}));

      assertThat(store.get(VECTORS, sha(1)).orElseThrow()).containsExactly((float) 0.1, 2, -3);
      assertThat(store.get(retrained, sha(1))).isEmpty();
      store.put(retrained, Map.of(sha(2), new double[] {1, 1, 1}));
      assertThat(store.view("embedding/digits/v1")).contains(retrained);
      assertThat(store.views()).containsEntry(VECTORS, 1L).containsEntry(retrained, 1L);
    }
  }

  @Test
  void getAll_manyKeys_returnsThoseStoredInTheGivenOrder() throws Exception {
    try (FeatureStore store = FeatureStore.open(tmp)) {
      Map<String, double[]> rows = new LinkedHashMap<>();
      for (int i = 0; i < 1200; i += 2) {
        rows.put(sha(i), new double[] {i, 0, 0});
      }
      store.put(VECTORS, rows);
      List<String> asked = new ArrayList<>();
      for (int i = 1199; i >= 0; i--) {
        asked.add(sha(i));
      }

      Map<String, double[]> found = store.getAll(VECTORS, asked);

      assertThat(found).hasSize(600);
      assertThat(found.keySet().iterator().next()).isEqualTo(sha(1198));
      assertThat(found.get(sha(40))[0]).isEqualTo(40);
    }
  }

  @Test
  void badRows_refusedNamingTheKeyOrTheWidth_andNothingWritten() throws Exception {
    try (FeatureStore store = FeatureStore.open(tmp)) {
      Map<String, double[]> rows = new LinkedHashMap<>();
      rows.put(sha(1), new double[] {1, 2, 3});
      rows.put("ABC", new double[] {1, 2, 3});
      assertThatThrownBy(() -> store.put(VECTORS, rows))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("feature key 'ABC' is not a SHA-256 of 64 lower-case hex digits");
      assertThatThrownBy(() -> store.put(VECTORS, Map.of(sha(2), new double[] {1})))
          .hasMessageContaining("has 3 columns, got 1 values for " + sha(2));
      assertThat(store.count(VECTORS)).isZero();
    }
  }

  @Test
  void sameViewVersionWithOtherColumns_isRefusedSayingToRaiseTheVersion() throws Exception {
    try (FeatureStore store = FeatureStore.open(tmp)) {
      store.put(VECTORS, Map.of(sha(1), new double[] {1, 2, 3}));
      FeatureView wider = FeatureView.embedding("digits", "v1", "f".repeat(64), 4);

      assertThatThrownBy(() -> store.get(wider, sha(1)))
          .isInstanceOf(FeatureStoreException.class)
          .hasMessageContaining("was stored with other columns")
          .hasMessageContaining("raise the extractor's version");
    }
  }

  @Test
  void materialize_isIncremental_andListsUnreadableImages() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    List<ImageRef> images = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      images.add(image(data, "img" + i + ".png", 3 + i, 5, random));
    }
    Path broken = data.resolve("broken.png");
    Files.write(broken, new byte[] {1, 2, 3});
    images.add(new ImageRef(Hashing.sha256(broken), broken, "broken.png"));
    images.add(images.get(0)); // the same content twice: computed once
    try (FeatureStore store = FeatureStore.open(tmp.resolve("store"))) {
      MaterializeResult first = store.materialize(images.subList(0, 10), Progress.NONE);
      MaterializeResult second = store.materialize(images, Progress.NONE);

      assertThat(first.computed()).isEqualTo(10);
      assertThat(second.computed()).isEqualTo(10);
      assertThat(second.reused()).isEqualTo(10);
      assertThat(second.failed()).singleElement().asString().startsWith("broken.png: ");
      assertThat(second.summary())
          .matches("features image-stats: 10 computed, 10 reused, 1 failed in [0-9.]+ s");
      for (ImageRef ref : images.subList(0, 20)) {
        assertThat(store.get(FeatureView.IMAGE_STATS, ref.sha256()).orElseThrow())
            .containsExactly(ImageFeatures.of(ImagePreprocessor.read(ref.file())));
      }
    }
  }

  @Test
  void trainingSet_joinsTheManifestsLabelsWithStoredValues_andListsTheMissing() throws Exception {
    List<ManifestEntry> entries =
        List.of(
            new ManifestEntry("train/a/1.png", Split.TRAIN, "a", sha(1), 10),
            new ManifestEntry("train/b/2.png", Split.TRAIN, "b", sha(2), 10),
            new ManifestEntry("test/a/3.png", Split.TEST, "a", sha(3), 10));
    Manifest manifest = new Manifest(Layout.SPLIT_FOLDERS, SplitPolicy.DEFAULT, entries);
    try (FeatureStore store = FeatureStore.open(tmp)) {
      store.put(VECTORS, Map.of(sha(1), new double[] {1, 0, 0}, sha(3), new double[] {0, 0, 3}));

      TrainingSet set = store.trainingSet(VECTORS, manifest);

      assertThat(set.rows())
          .extracting(
              r -> r.entry().path() + " " + r.entry().label() + " " + r.values()[0] + r.values()[2])
          .containsExactlyInAnyOrder("train/a/1.png a 1.00.0", "test/a/3.png a 0.03.0");
      assertThat(set.missing()).extracting(ManifestEntry::path).containsExactly("train/b/2.png");
    }
  }

  @Test
  void trainingSetOfARegisteredVersion_readsItsManifestFromTheRegistry() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("project"));
    Path data = tmp.resolve("project/data");
    Random random = new Random(3);
    Files.createDirectories(data.resolve("train/a"));
    Files.createDirectories(data.resolve("train/b"));
    ImageRef a = image(data.resolve("train/a"), "1.png", 4, 4, random);
    ImageRef b = image(data.resolve("train/b"), "2.png", 5, 4, random);
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
            .manifest();
    ObjectStore objects = new ObjectStore(tmp.resolve("store"));
    try (RegistryRepository repo = RegistryRepository.open(project);
        FeatureStore store = FeatureStore.open(objects.root())) {
      DatasetVersions versions = new DatasetVersions(repo, objects, Progress.NONE);
      versions.version(new VersionRequest("shapes", manifest, data, Optional.empty(), false));
      store.materialize(List.of(a), Progress.NONE);

      TrainingSet set = store.trainingSet(FeatureView.IMAGE_STATS, versions, "shapes", 1);

      assertThat(set.rows())
          .singleElement()
          .satisfies(r -> assertThat(r.entry().label()).isEqualTo("a"));
      assertThat(set.rows().get(0).values()[ImageFeature.WIDTH.ordinal()]).isEqualTo(4);
      assertThat(set.missing()).extracting(ManifestEntry::sha256).containsExactly(b.sha256());
    }
  }

  @Test
  void vectorIndex_findsTheExactNearestByCosine_excludingTheQuery() {
    Random random = new Random(11);
    List<String> keys = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(sha(i));
      double[] v = new double[13];
      for (int j = 0; j < v.length; j++) {
        v[j] = random.nextGaussian();
      }
      rows.add(v);
    }
    VectorIndex index = new VectorIndex(keys, rows, 13);
    double[] query = rows.get(7);

    List<VectorIndex.Match> nearest = index.nearest(query, 5, sha(7));

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      if (i != 7) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Double.compare(cosine(query, rows.get(b)), cosine(query, rows.get(a))));
    assertThat(nearest)
        .extracting(VectorIndex.Match::key)
        .containsExactly(
            order.subList(0, 5).stream().map(FeatureStoreTest::sha).toArray(String[]::new));
    assertThat(nearest.get(0).similarity())
        .isCloseTo(
            cosine(query, rows.get(order.get(0))), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(index.nearest(query, 1, null).get(0).key()).isEqualTo(sha(7));
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static ImageRef image(Path dir, String name, int w, int h, Random random)
      throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    Path file = dir.resolve(name);
    ImageIO.write(img, "png", file.toFile());
    return new ImageRef(Hashing.sha256(file), file, name);
  }
}
