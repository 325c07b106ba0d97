package dev.mlops.core.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few parts of an ONNX {@code ModelProto} that a weight import needs: producer, opset, the
 * graph's nodes in file order, its initializers and the shape of its first input.
 *
 * <p>Hand-written on protobuf-java's {@link CodedInputStream}, as {@code OnnxEmbedder} does: there
 * is no maintained Java artifact of the ONNX protobuf classes, and the core does not carry
 * generated code for the handful of fields read here. Field numbers are those of {@code onnx.proto}
 * (IR version 8).
 *
 * @param producer {@code producer_name} and {@code producer_version}, for example {@code pytorch
 *     1.13.0}
 * @param opset the default-domain opset version, 0 when absent
 * @param nodes the graph's nodes in file order (ONNX requires topological order)
 * @param initializers initializers and {@code Constant} node values by tensor name
 * @param inputShape dimensions of the first graph input that is not an initializer; -1 for a
 *     symbolic dimension; empty when unknown
 */
record OnnxModel(
    String producer,
    long opset,
    List<Node> nodes,
    Map<String, Tensor> initializers,
    List<Long> inputShape) {

  /** One operator: type, tensor names in and out, numeric attributes. */
  record Node(String opType, List<String> inputs, List<String> outputs, Map<String, Attr> attrs) {
    /** The integer attribute {@code name}, or {@code fallback}. */
    long intAttr(String name, long fallback) {
      Attr a = attrs.get(name);
      return a == null ? fallback : a.i();
    }

    /** The integer-list attribute {@code name}, or an empty list. */
    List<Long> intsAttr(String name) {
      Attr a = attrs.get(name);
      return a == null ? List.of() : a.ints();
    }
  }

  /** The values of one attribute that the import reads (float, int, ints, tensor). */
  record Attr(float f, long i, List<Long> ints, Tensor t) {}

  /**
   * A tensor: float values stay encoded until {@link #floats()} is called.
   *
   * @param name the tensor name
   * @param dims its dimensions
   * @param dataType ONNX {@code TensorProto.DataType} (1 float, 11 double)
   * @param raw {@code raw_data} (little-endian), or empty
   * @param floatData {@code float_data}, or empty
   * @param external whether the values live in an external file
   */
  record Tensor(
      String name,
      List<Long> dims,
      int dataType,
      ByteString raw,
      List<Float> floatData,
      boolean external) {
    static final int FLOAT = 1;
    static final int DOUBLE = 11;

    /**
     * The values as floats (doubles rounded).
     *
     * @throws IllegalArgumentException for another data type, external data, or a value count that
     *     does not match the dimensions
     */
    float[] floats() {
      if (external) {
        throw new IllegalArgumentException(
            "tensor " + name + " keeps its values in an external data file");
      }
      if (dataType != FLOAT && dataType != DOUBLE) {
        throw new IllegalArgumentException(
            "tensor " + name + " has ONNX data type " + dataType + " (float and double are read)");
      }
      float[] values = decode();
      if (values.length != size()) {
        throw new IllegalArgumentException(
            "tensor " + name + " holds " + values.length + " values for dimensions " + dims);
      }
      return values;
    }

    private float[] decode() {
      if (!raw.isEmpty()) {
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.size() / (dataType == DOUBLE ? 8 : 4)];
        for (int i = 0; i < values.length; i++) {
          values[i] = dataType == DOUBLE ? (float) bytes.getDouble() : bytes.getFloat();
        }
        return values;
      }
      float[] values = new float[floatData.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = floatData.get(i);
      }
      return values;
    }

    long size() {
      return dims.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
    }
  }

  /**
   * Parses {@code bytes} as a ModelProto.
   *
   * @throws IOException when the bytes are not a well-formed protobuf message (truncated, damaged)
   * @throws IllegalArgumentException when they are well-formed but hold no graph with nodes
   */
  static OnnxModel parse(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    String name = "";
    String version = "";
    long opset = 0;
    ByteString graph = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (key(tag)) {
        case 2 -> name = in.readStringRequireUtf8();
        case 3 -> version = in.readStringRequireUtf8();
        case 7 -> graph = in.readBytes();
        case 8 -> opset = Math.max(opset, defaultOpset(in.readBytes()));
        default -> in.skipField(tag);
      }
    }
    if (graph == null) {
      throw new IllegalArgumentException("no ONNX graph in the file");
    }
    return graph(graph, (name + " " + version).strip(), opset);
  }

  /** Field number; length-delimited fields get 1000 added so that scalar fields never match. */
  private static int key(int tag) {
    int number = WireFormat.getTagFieldNumber(tag);
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
        ? number
        : number + 1000;
  }

  private static long defaultOpset(ByteString operatorSet) throws IOException {
    CodedInputStream in = operatorSet.newCodedInput();
    String domain = "";
    long version = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      if (number == 1) {
        domain = in.readStringRequireUtf8();
      } else if (number == 2) {
        version = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return domain.isEmpty() || domain.equals("ai.onnx") ? version : 0;
  }

  private static OnnxModel graph(ByteString graph, String producer, long opset) throws IOException {
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> initializers = new HashMap<>();
    List<ByteString> inputs = new ArrayList<>();
    CodedInputStream in = graph.newCodedInput();
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (key(tag)) {
        case 1 -> nodes.add(node(in.readBytes()));
        case 5 -> {
          Tensor t = tensor(in.readBytes());
          initializers.put(t.name(), t);
        }
        case 11 -> inputs.add(in.readBytes());
        default -> in.skipField(tag);
      }
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("the ONNX graph has no nodes");
    }
    List<Long> shape = List.of();
    for (ByteString input : inputs) {
      OnnxValues.ValueInfo info = OnnxValues.valueInfo(input);
      if (!initializers.containsKey(info.name())) {
        shape = info.dims();
        break;
      }
    }
    return new OnnxModel(producer, opset, nodes, initializers, shape);
  }

  private static Node node(ByteString bytes) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String op = "";
    Map<String, Attr> attrs = new HashMap<>();
    CodedInputStream in = bytes.newCodedInput();
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (key(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 2 -> outputs.add(in.readStringRequireUtf8());
        case 4 -> op = in.readStringRequireUtf8();
        case 5 -> OnnxValues.attribute(in.readBytes(), attrs);
        default -> in.skipField(tag);
      }
    }
    return new Node(op, inputs, outputs, attrs);
  }

  static Tensor tensor(ByteString bytes) throws IOException {
    return OnnxValues.tensor(bytes);
  }
}
