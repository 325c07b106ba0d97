package dev.mlops.core.export;

import ai.onnxruntime.OrtException;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.mlops.core.MlopsException;
import dev.mlops.core.model.OnnxValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The penultimate layer of an exported classifier in ONNX Runtime: the input of its final {@code
 * Gemm} (or {@code MatMul}), the vector {@code Predictor.embeddings} returns for the trained
 * weights. The exported file has only the probabilities as output, so the model's bytes are edited
 * in memory to also output that tensor (the file is never changed), and opened in a session of its
 * own: the classifier's session keeps its graph and its optimizations. Thread-safe; close it to
 * free the session.
 */
public final class OnnxEmbedder implements AutoCloseable {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_OUTPUT = 12;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OP_TYPE = 4;
  private static final int FLOAT = 1;

  private final OnnxClassifier session;
  private final String tensor;
  private final int dimension;

  private OnnxEmbedder(OnnxClassifier session, String tensor) {
    this.session = session;
    this.tensor = tensor;
    float[] blank = new float[session.preprocessing().tensorSize()];
    this.dimension = session.runFlat(blank, 1, Set.of(tensor)).get(tensor).length;
  }

  /**
   * Opens the model in {@code file} with its penultimate tensor as an extra output.
   *
   * @param threads intra-op threads (0: ONNX Runtime's choice); never spinning while idle
   * @throws MlopsException naming the file when it cannot be read, is no classifier export, or has
   *     no final Gemm/MatMul
   */
  public static OnnxEmbedder open(Path file, int threads) throws MlopsException {
    byte[] model;
    try {
      model = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MlopsException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
    }
    String tensor;
    byte[] edited;
    try {
      tensor = penultimate(model);
      edited = withOutput(model, tensor);
    } catch (IOException | IllegalArgumentException e) {
      throw new MlopsException(
          "cannot find the penultimate layer of " + file + ": " + e.getMessage(), e);
    }
    try {
      return new OnnxEmbedder(OnnxClassifier.open(edited, threads, false), tensor);
    } catch (IOException | OrtException | RuntimeException e) {
      throw new MlopsException(
          "cannot load ONNX model " + file + " with its penultimate output: " + e.getMessage(), e);
    }
  }

  /** The name of the tensor read: the first input of the last Gemm or MatMul node. */
  static String penultimate(byte[] model) throws IOException {
    String found = null;
    for (ByteString node : OnnxValues.fields(graph(model), GRAPH_NODE)) {
      List<ByteString> inputs = OnnxValues.fields(node, NODE_INPUT);
      List<ByteString> op = OnnxValues.fields(node, NODE_OP_TYPE);
      String type = op.isEmpty() ? "" : op.get(0).toStringUtf8();
      if ((type.equals("Gemm") || type.equals("MatMul")) && !inputs.isEmpty()) {
        found = inputs.get(0).toStringUtf8();
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("the graph has no Gemm or MatMul node");
    }
    return found;
  }

  /** The model with {@code tensor} (float, shape left to ONNX Runtime) added to its outputs. */
  static byte[] withOutput(byte[] model, String tensor) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(model);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.length + 64);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
        // Repeated fields may come in any order: appending one more output keeps the others.
        ByteString graph = in.readBytes().concat(outputValue(tensor));
        out.writeBytes(MODEL_GRAPH, graph);
      } else {
        in.skipField(tag, out);
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** GraphProto field 12: ValueInfoProto {name 1, type 2: TypeProto {tensor_type 1: {elem 1}}}. */
  private static ByteString outputValue(String tensor) throws IOException {
    ByteString elem = message(c -> c.writeInt32(1, FLOAT));
    ByteString type = message(c -> c.writeBytes(1, elem));
    ByteString value =
        message(
            c -> {
              c.writeString(1, tensor);
              c.writeBytes(2, type);
            });
    return message(c -> c.writeBytes(GRAPH_OUTPUT, value));
  }

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString message(Body body) throws IOException {
    ByteString.Output buffer = ByteString.newOutput();
    CodedOutputStream c = CodedOutputStream.newInstance(buffer);
    body.write(c);
    c.flush();
    return buffer.toByteString();
  }

  private static ByteString graph(byte[] model) throws IOException {
    List<ByteString> graphs = OnnxValues.fields(ByteString.copyFrom(model), MODEL_GRAPH);
    if (graphs.isEmpty()) {
      throw new IllegalArgumentException("the file holds no ONNX graph");
    }
    return graphs.get(0);
  }

  /** Values per image. */
  public int dimension() {
    return dimension;
  }

  /**
   * The penultimate-layer vectors of a batch.
   *
   * @param pixels {@code n} preprocessed images, NCHW
   * @param n images in the batch
   * @return {@code n} rows of {@link #dimension()} values
   */
  public float[][] embeddings(float[] pixels, int n) {
    float[] flat = session.runFlat(pixels, n, Set.of(tensor)).get(tensor);
    float[][] rows = new float[n][dimension];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * dimension, rows[i], 0, dimension);
    }
    return rows;
  }

  /** Frees the session. */
  @Override
  public void close() {
    session.close();
  }
}
