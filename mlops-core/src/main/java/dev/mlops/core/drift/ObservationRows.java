package dev.mlops.core.drift;

import dev.mlops.core.model.Predictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The growing columns of an extraction: one row per decoded image, in order. */
final class ObservationRows {
  final List<String> files;
  final List<double[]> features;
  final List<float[]> embeddings;
  final List<Float> confidence = new ArrayList<>();
  final List<Integer> predicted = new ArrayList<>();
  final List<Integer> labels;
  final List<String> unreadable = new ArrayList<>();
  final Map<String, double[]> newFeatures = new LinkedHashMap<>();
  final Map<String, float[]> newEmbeddings = new LinkedHashMap<>();
  int seen;
  int fromCache;

  ObservationRows(int capacity, boolean labeled, boolean outputs) {
    files = new ArrayList<>(capacity);
    features = new ArrayList<>(capacity);
    embeddings = outputs ? new ArrayList<>(capacity) : null;
    labels = labeled ? new ArrayList<>(capacity) : null;
  }

  void add(
      ObservationExtractor.Decoded d, Predictor.Outputs outputs, int row, float[][] projection) {
    files.add(d.file());
    features.add(d.features());
    if (labels != null) {
      labels.add(d.label());
    }
    if (outputs != null) {
      float[] p = outputs.probabilities()[row];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      predicted.add(best);
      confidence.add(p[best]);
      embeddings.add(Projection.apply(projection, outputs.embeddings()[row]));
    }
  }

  Observations observations() {
    boolean outputs = embeddings != null;
    float[] conf = new float[confidence.size()];
    for (int i = 0; i < conf.length; i++) {
      conf[i] = confidence.get(i);
    }
    return new Observations(
        files,
        features.toArray(double[][]::new),
        outputs ? embeddings.toArray(float[][]::new) : null,
        outputs ? conf : null,
        outputs ? predicted.stream().mapToInt(Integer::intValue).toArray() : null,
        labels == null ? null : labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
