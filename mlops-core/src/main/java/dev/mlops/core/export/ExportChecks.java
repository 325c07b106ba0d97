package dev.mlops.core.export;

import dev.mlops.core.MlopsException;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.Batch;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Predictor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** The measurements of an export: parity with DJL, calibration images, int8 accuracy. */
final class ExportChecks {
  /** Differing predictions listed in the report; the count is always complete. */
  private static final int LISTED = 20;

  private final int batchSize;
  private final int workers;

  ExportChecks(int batchSize, int workers) {
    this.batchSize = batchSize;
    this.workers = workers;
  }

  /** Receives each batch of preprocessed images in order. */
  @FunctionalInterface
  interface BatchConsumer {
    void accept(Batch batch, int offset);
  }

  void forEachBatch(List<LabeledImage> images, Preprocessing preprocessing, BatchConsumer consumer)
      throws MlopsException {
    try (ImageLoader loader =
        new ImageLoader(
            images, preprocessing, Augmentation.NONE, batchSize, false, 0, workers, 2, 0)) {
      int offset = 0;
      for (Iterator<Batch> it = loader.epoch(0); it.hasNext(); ) {
        Batch batch = it.next();
        consumer.accept(batch, offset);
        offset += batch.size();
      }
    }
  }

  /** Runs {@code images} through DJL and ONNX Runtime and compares every probability. */
  ExportResult.Parity parity(
      Predictor djl, OnnxClassifier onnx, List<LabeledImage> images, String split, double tolerance)
      throws MlopsException {
    double[] max = {0};
    List<String> differing = new ArrayList<>();
    int[] count = {0};
    List<String> labels = djl.labels();
    forEachBatch(
        images,
        djl.preprocessing(),
        (batch, offset) -> {
          float[][] expected = djl.probabilities(batch.pixels(), batch.size());
          float[][] actual = onnx.probabilities(batch.pixels(), batch.size());
          for (int i = 0; i < batch.size(); i++) {
            for (int c = 0; c < expected[i].length; c++) {
              max[0] = Math.max(max[0], Math.abs(expected[i][c] - actual[i][c]));
            }
            int a = argmax(expected[i]);
            int b = argmax(actual[i]);
            if (a != b && count[0]++ < LISTED) {
              differing.add(
                  String.format(
                      Locale.ROOT,
                      "%s: DJL %s, ONNX %s",
                      images.get(offset + i).relativePath(),
                      labels.get(a),
                      labels.get(b)));
            }
          }
        });
    boolean passed = max[0] <= tolerance && count[0] == 0;
    return new ExportResult.Parity(split, images.size(), max[0], tolerance, differing, passed);
  }

  /** The preprocessed pixels of {@code images}, NCHW, one after the other. */
  float[] pixels(List<LabeledImage> images, Preprocessing preprocessing) throws MlopsException {
    int perImage = preprocessing.tensorSize();
    float[] all = new float[images.size() * perImage];
    forEachBatch(
        images,
        preprocessing,
        (batch, offset) ->
            System.arraycopy(batch.pixels(), 0, all, offset * perImage, batch.size() * perImage));
    return all;
  }

  /** Accuracy of both models on {@code images} and how often they agree. */
  double[] accuracies(OnnxClassifier fp32, OnnxClassifier int8, List<LabeledImage> images)
      throws MlopsException {
    int[] counts = new int[3]; // fp32 right, int8 right, same prediction
    forEachBatch(
        images,
        fp32.preprocessing(),
        (batch, offset) -> {
          float[][] a = fp32.probabilities(batch.pixels(), batch.size());
          float[][] b = int8.probabilities(batch.pixels(), batch.size());
          for (int i = 0; i < batch.size(); i++) {
            int truth = batch.labels()[i];
            counts[0] += argmax(a[i]) == truth ? 1 : 0;
            counts[1] += argmax(b[i]) == truth ? 1 : 0;
            counts[2] += argmax(a[i]) == argmax(b[i]) ? 1 : 0;
          }
        });
    double n = images.size();
    return new double[] {counts[0] / n, counts[1] / n, counts[2] / n};
  }

  /** Up to {@code n} images spread evenly over {@code images}, in their order. */
  static List<LabeledImage> spread(List<LabeledImage> images, int n) {
    if (images.size() <= n) {
      return images;
    }
    List<LabeledImage> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      picked.add(images.get((int) ((long) i * images.size() / n)));
    }
    return picked;
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }
}
