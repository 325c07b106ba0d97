package dev.mlops.core.export;

/**
 * Class probabilities for a batch of preprocessed images: what every benchmarked runtime offers.
 * {@code Predictor::probabilities} (DJL) and {@link OnnxClassifier#probabilities} (ONNX Runtime)
 * both fit.
 */
@FunctionalInterface
public interface InferenceFunction {
  /**
   * Classifies a batch.
   *
   * @param pixels {@code n} preprocessed images, NCHW
   * @param n images in the batch
   * @return {@code n} rows of class probabilities
   */
  float[][] probabilities(float[] pixels, int n);
}
