package dev.mlops.serving;

import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Predictor;
import java.util.List;

/** A loaded model that turns a batch of preprocessed images into class probabilities. */
interface Classifier extends AutoCloseable {
  /** {@code n} rows of probabilities, one column per label. */
  float[][] probabilities(float[] pixels, int n);

  /** Class names, index = column. */
  List<String> labels();

  /** How images are prepared for this model. */
  Preprocessing preprocessing();

  /** {@code onnxruntime-fp32}, {@code onnxruntime-int8} or {@code djl-pytorch}. */
  String runtime();

  @Override
  void close();

  /** An exported model in ONNX Runtime. */
  static Classifier onnx(OnnxClassifier onnx, String runtime) {
    return new Classifier() {
      @Override
      public float[][] probabilities(float[] pixels, int n) {
        return onnx.probabilities(pixels, n);
      }

      @Override
      public List<String> labels() {
        return onnx.labels();
      }

      @Override
      public Preprocessing preprocessing() {
        return onnx.preprocessing();
      }

      @Override
      public String runtime() {
        return runtime;
      }

      @Override
      public void close() {
        onnx.close();
      }
    };
  }

  /** The trained weights in DJL (PyTorch), for versions without an ONNX file. */
  static Classifier djl(Predictor predictor) {
    return new Classifier() {
      @Override
      public float[][] probabilities(float[] pixels, int n) {
        return predictor.probabilities(pixels, n);
      }

      @Override
      public List<String> labels() {
        return predictor.labels();
      }

      @Override
      public Preprocessing preprocessing() {
        return predictor.preprocessing();
      }

      @Override
      public String runtime() {
        return "djl-pytorch";
      }

      @Override
      public void close() {
        predictor.close();
      }
    };
  }
}
