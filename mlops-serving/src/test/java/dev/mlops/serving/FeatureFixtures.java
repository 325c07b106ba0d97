package dev.mlops.serving;

import dev.mlops.core.Progress;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.features.EmbeddingExtractor;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Feature-store set-ups for the server tests: a private copy of the fixture's store (so that what
 * one test class materializes is not seen by another) and materialization of the served model's
 * embedding view with the trained weights in DJL, as {@code mvn mlops:features} does.
 */
final class FeatureFixtures {
  private FeatureFixtures() {}

  /** A copy of the fixture's object store under {@code dir}. */
  static Path storeCopy(ServingFixture fixture, Path dir) throws Exception {
    ServingFixture.copyTree(fixture.store, dir);
    return dir;
  }

  /** The embedding view of model v1 (what the server reads for {@code production}). */
  static FeatureView viewV1(ServingFixture fixture) throws Exception {
    try (Predictor predictor = ModelFiles.load(fixture.modelV1)) {
      return FeatureView.embedding(
          ServingFixture.MODEL,
          "v1",
          Fingerprint.readFrom(fixture.modelV1).orElseThrow(),
          predictor.embeddingSize());
    }
  }

  /**
   * Materializes v1's embeddings of the dataset images {@code which} selects into {@code store}.
   */
  static void materialize(ServingFixture fixture, Path store, Predicate<ManifestEntry> which)
      throws Exception {
    FeatureView view = viewV1(fixture);
    List<ImageRef> images = new ArrayList<>();
    for (ManifestEntry e : fixture.manifest.entries()) {
      if (which.test(e)) {
        images.add(new ImageRef(e.sha256(), fixture.data.resolve(e.path()), e.path()));
      }
    }
    try (Predictor predictor = ModelFiles.load(fixture.modelV1);
        FeatureStore features = FeatureStore.open(store)) {
      features.materialize(new EmbeddingExtractor(predictor, view, 16), images, 1, Progress.NONE);
    }
  }

  /** v1's embedding of an image file, with the trained weights in DJL. */
  static double[] embedding(ServingFixture fixture, Path image) throws Exception {
    try (Predictor predictor = ModelFiles.load(fixture.modelV1)) {
      float[] tensor =
          new ImagePreprocessor(predictor.preprocessing()).tensor(ImagePreprocessor.read(image));
      float[] row = predictor.embeddings(tensor, 1)[0];
      double[] out = new double[row.length];
      for (int i = 0; i < row.length; i++) {
        out[i] = row[i];
      }
      return out;
    }
  }

  /** The training images' shas by cosine similarity to {@code query}, most similar first. */
  static List<Map.Entry<String, Double>> bruteForce(
      ServingFixture fixture, Path store, double[] query, String exclude) throws Exception {
    List<String> train =
        fixture.manifest.entries().stream()
            .filter(e -> e.split() == Split.TRAIN)
            .map(ManifestEntry::sha256)
            .toList();
    Map<String, double[]> rows;
    try (FeatureStore features = FeatureStore.open(store)) {
      rows = features.getAll(viewV1(fixture), train);
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
    rows.forEach(
        (sha, v) -> {
          if (!sha.equals(exclude)) {
            ranked.add(Map.entry(sha, cosine(query, v)));
          }
        });
    ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    return ranked;
  }

  static double cosine(double[] a, double[] b) {
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
}
