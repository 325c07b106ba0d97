package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.OnnxEmbedder;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Predictor;
import java.nio.file.Path;
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

  /**
   * {@code n} rows of the penultimate layer (the input of the final linear layer): what the
   * embedding feature view stores. Not for the prediction path: an ONNX model opens a second
   * session for it on first use.
   *
   * @throws MlopsException when that session cannot be opened
   */
  float[][] embeddings(float[] pixels, int n) throws MlopsException;

  /** Values per row of {@link #embeddings}. */
  int embeddingSize() throws MlopsException;

  @Override
  void close();

  /**
   * An exported model in ONNX Runtime.
   *
   * @param file the model's file, re-read with the penultimate output for {@link #embeddings}
   * @param threads the intra-op threads of that second session
   */
  static Classifier onnx(OnnxClassifier onnx, String runtime, Path file, int threads) {
    return new Classifier() {
      private OnnxEmbedder embedder;
      private boolean closed;

      @Override
      public synchronized float[][] embeddings(float[] pixels, int n) throws MlopsException {
        return embedder().embeddings(pixels, n);
      }

      @Override
      public synchronized int embeddingSize() throws MlopsException {
        return embedder().dimension();
      }

      private OnnxEmbedder embedder() throws MlopsException {
        if (closed) {
          throw new IllegalStateException(file + " is closed");
        }
        if (embedder == null) {
          embedder = OnnxEmbedder.open(file, threads);
        }
        return embedder;
      }

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
      public synchronized void close() {
        closed = true;
        onnx.close();
        if (embedder != null) {
          embedder.close();
        }
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
      public float[][] embeddings(float[] pixels, int n) {
        return predictor.embeddings(pixels, n);
      }

      @Override
      public int embeddingSize() {
        return predictor.embeddingSize();
      }

      @Override
      public void close() {
        predictor.close();
      }
    };
  }
}
