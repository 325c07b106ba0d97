package dev.mlops.core.export;

import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.Predictor;

/** Compares an encoded ONNX model with the DJL model on random inputs. */
final class Parity {
  private Parity() {}

  /** Largest |p_djl - p_onnx| over {@code n} random images. */
  static double maxDifference(Predictor djl, byte[] model, LayerGraph graph, int n)
      throws Exception {
    float[] pixels = ExportFixtures.pixels(graph, n, 99);
    float[][] expected = djl.probabilities(pixels, n);
    try (OnnxClassifier onnx = OnnxClassifier.open(model, 1)) {
      float[][] actual = onnx.probabilities(pixels, n);
      double max = 0;
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < expected[i].length; c++) {
          max = Math.max(max, Math.abs(expected[i][c] - actual[i][c]));
        }
      }
      return max;
    }
  }
}
