package dev.mlops.core.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.Preprocessing;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exported model in ONNX Runtime (CPU): class probabilities for batches of preprocessed images,
 * with the labels and preprocessing read from the model's metadata. Close it to free the session.
 * Calls may run concurrently (ONNX Runtime sessions are thread-safe).
 */
public final class OnnxClassifier implements AutoCloseable {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final OrtSession session;
  private final List<String> labels;
  private final Preprocessing preprocessing;
  private final Map<String, String> metadata;
  private final int threads;

  private OnnxClassifier(OrtSession session, int threads) throws OrtException, IOException {
    this.session = session;
    this.threads = threads;
    this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    String labelsJson = metadata.get(ExportMetadata.LABELS);
    String preprocessingJson = metadata.get(ExportMetadata.PREPROCESSING);
    if (labelsJson == null || preprocessingJson == null) {
      throw new IOException("the model has no '" + ExportMetadata.LABELS + "' metadata");
    }
    this.labels = List.copyOf(Json.mapper().readValue(labelsJson, STRINGS));
    this.preprocessing = Json.mapper().readValue(preprocessingJson, Preprocessing.class);
  }

  /**
   * Opens an ONNX model written by {@link OnnxTranslator} or {@link Int8Quantizer}.
   *
   * @param threads intra-op threads; 0 lets ONNX Runtime choose (one per physical core)
   * @throws MlopsException naming the file when it is missing or not such a model
   */
  public static OnnxClassifier open(Path file, int threads) throws MlopsException {
    return open(file, threads, true);
  }

  /**
   * Like {@link #open(Path, int)}; {@code spin = false} stops ONNX Runtime's intra-op threads from
   * spinning while they wait for work. A server wants that: between batches its threads would
   * otherwise burn the cores its HTTP and image-decoding threads need.
   */
  public static OnnxClassifier open(Path file, int threads, boolean spin) throws MlopsException {
    if (!Files.isRegularFile(file)) {
      throw new MlopsException(
          file + " does not exist: export the model first", Remedy.run(Stage.EXPORT));
    }
    try {
      return open(Files.readAllBytes(file), threads, spin);
    } catch (IOException | OrtException e) {
      throw new MlopsException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an encoded model held in memory (for example one shipped to a Spark executor), as {@link
   * #open(Path, int, boolean)}.
   *
   * @param name how messages call the model (its file)
   * @throws MlopsException naming {@code name} when the bytes are not such a model
   */
  public static OnnxClassifier open(byte[] model, String name, int threads, boolean spin)
      throws MlopsException {
    try {
      return open(model, threads, spin);
    } catch (IOException | OrtException e) {
      throw new MlopsException("cannot load ONNX model " + name + ": " + e.getMessage(), e);
    }
  }

  /** Opens an encoded model (see {@link #open(Path, int)}). */
  static OnnxClassifier open(byte[] model, int threads) throws OrtException, IOException {
    return open(model, threads, true);
  }

  static OnnxClassifier open(byte[] model, int threads, boolean spin)
      throws OrtException, IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      if (!spin) {
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      OrtSession session = env.createSession(model, options);
      try {
        return new OnnxClassifier(session, threads);
      } catch (IOException | OrtException | RuntimeException e) {
        session.close();
        throw e;
      }
    }
  }

  /**
   * Class probabilities of a batch, as {@code Predictor.probabilities}.
   *
   * @param pixels {@code n} preprocessed images, NCHW
   * @param n images in the batch
   */
  public float[][] probabilities(float[] pixels, int n) {
    float[] flat = runFlat(pixels, n, Set.of(OnnxTranslator.OUTPUT)).get(OnnxTranslator.OUTPUT);
    int width = flat.length / n;
    float[][] rows = new float[n][width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * width, rows[i], 0, width);
    }
    return rows;
  }

  /** Runs a batch and returns the named float outputs, flattened in row-major order. */
  Map<String, float[]> runFlat(float[] pixels, int n, Set<String> outputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = inputShape(pixels, n);
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
        OrtSession.Result result = session.run(Map.of(OnnxTranslator.INPUT, input), outputs)) {
      Map<String, float[]> values = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> entry : result) {
        FloatBuffer buffer = ((OnnxTensor) entry.getValue()).getFloatBuffer();
        float[] flat = new float[buffer.remaining()];
        buffer.get(flat);
        values.put(entry.getKey(), flat);
      }
      return values;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private long[] inputShape(float[] pixels, int n) {
    if (n < 1 || pixels.length != (long) n * preprocessing.tensorSize()) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + " images of "
              + preprocessing.tensorSize()
              + " floats, got "
              + pixels.length
              + " floats");
    }
    int size = preprocessing.inputSize();
    return new long[] {n, preprocessing.channels(), size, size};
  }

  /** Class names from the model's metadata; index = column of {@link #probabilities}. */
  public List<String> labels() {
    return labels;
  }

  /** How images must be prepared, from the model's metadata. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** All {@code metadata_props} of the model. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Intra-op threads requested (0: ONNX Runtime's choice). */
  public int threads() {
    return threads;
  }

  /** The names of the model's outputs. */
  Set<String> outputNames() {
    return session.getOutputNames();
  }

  /** Frees the session. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    }
  }
}
