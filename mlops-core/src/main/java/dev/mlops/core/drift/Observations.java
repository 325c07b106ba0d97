package dev.mlops.core.drift;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What drift detection records per image: its features and the model's outputs. Row {@code i} of
 * every array belongs to {@code files.get(i)}.
 *
 * @param files the images, relative to the directory they were read from
 * @param features per image, the {@link ImageFeature} vector
 * @param embeddings per image, the projected embedding ({@link Projection}), or null when the model
 *     was not run
 * @param confidence per image, the highest class probability (null when the model was not run)
 * @param predicted per image, the predicted class index (null when the model was not run)
 * @param labels per image, the true class index, or null when the images are unlabeled
 */
public record Observations(
    List<String> files,
    double[][] features,
    float[][] embeddings,
    float[] confidence,
    int[] predicted,
    int[] labels) {
  /** Checks that every array has a row per file. */
  public Observations {
    files = List.copyOf(files);
    int n = files.size();
    check("features", features.length, n);
    if (embeddings != null) {
      check("embeddings", embeddings.length, n);
      check("confidence", confidence.length, n);
      check("predicted", predicted.length, n);
    }
    if (labels != null) {
      check("labels", labels.length, n);
    }
  }

  private static void check(String what, int rows, int n) {
    if (rows != n) {
      throw new IllegalArgumentException(what + " has " + rows + " rows for " + n + " files");
    }
  }

  /** Images observed. */
  public int size() {
    return files.size();
  }

  /** Whether the model's outputs were recorded. */
  public boolean hasOutputs() {
    return embeddings != null;
  }

  /** The values of one feature, one per image. */
  public double[] column(ImageFeature feature) {
    int c = feature.ordinal();
    double[] out = new double[features.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = features[i][c];
    }
    return out;
  }

  /** The confidences as doubles. */
  public double[] confidences() {
    return IntStream.range(0, confidence.length).mapToDouble(i -> confidence[i]).toArray();
  }

  /** The rows {@code rows}, in that order: for sampling and for splitting a set in two. */
  public Observations rows(int[] rows) {
    return new Observations(
        IntStream.of(rows).mapToObj(files::get).toList(),
        IntStream.of(rows).mapToObj(i -> features[i]).toArray(double[][]::new),
        embeddings == null
            ? null
            : IntStream.of(rows).mapToObj(i -> embeddings[i]).toArray(float[][]::new),
        confidence == null ? null : pick(confidence, rows),
        predicted == null ? null : IntStream.of(rows).map(i -> predicted[i]).toArray(),
        labels == null ? null : IntStream.of(rows).map(i -> labels[i]).toArray());
  }

  private static float[] pick(float[] values, int[] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }
}
