package dev.mlops.core.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model under construction: nodes, initializers, inputs, outputs and metadata, encoded as
 * the {@code ModelProto} of <a href="https://github.com/onnx/onnx/blob/main/onnx/onnx.proto">
 * onnx.proto</a>.
 *
 * <p>Written by hand on purpose: no Java library exports DJL models, and generating classes from
 * onnx.proto would add a build step and several thousand lines for the nine messages used here.
 * This class encodes exactly those messages with protobuf-java's {@link CodedOutputStream}; field
 * numbers are named constants next to the message they belong to. The encoding is checked by ONNX
 * Runtime (every export test loads the file) and by the ONNX project's own checker in the benchmark
 * script.
 */
final class OnnxGraph {
  /** IR version 8: read by ONNX Runtime 1.10 and later. */
  static final long IR_VERSION = 8;

  /** The default-domain operator set the graphs use. */
  static final long OPSET = 17;

  /** TensorProto.DataType values used here. */
  enum DataType {
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    INT32(6, 4),
    INT64(7, 8);

    final int code;
    final int bytes;

    DataType(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }
  }

  /** A node attribute: an int, a float, a string or a list of ints. */
  record Attribute(String name, Object value) {
    static Attribute of(String name, long value) {
      return new Attribute(name, value);
    }

    static Attribute of(String name, float value) {
      return new Attribute(name, value);
    }

    static Attribute of(String name, String value) {
      return new Attribute(name, value);
    }

    static Attribute ints(String name, long... values) {
      return new Attribute(name, values.clone());
    }
  }

  /** One operator application. */
  record Node(String op, List<String> inputs, List<String> outputs, List<Attribute> attributes) {}

  /** A named constant tensor stored in the model, little-endian. */
  record Tensor(String name, DataType type, long[] dims, byte[] raw) {}

  /**
   * A graph input or output: element type and dimensions; a {@code null} dimension is symbolic
   * (named {@code symbol}); {@code null} dimensions leave the shape unspecified.
   */
  record Value(String name, DataType type, Long[] dims, String symbol) {}

  private final String name;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Tensor> initializers = new LinkedHashMap<>();
  private final List<Value> inputs = new ArrayList<>();
  private final List<Value> outputs = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Set<String> produced = new LinkedHashSet<>();
  private String docString = "";
  private long modelVersion;

  OnnxGraph(String name) {
    this.name = name;
  }

  /** Declares a float input {@code (batch, dims...)} with a symbolic batch dimension. */
  void input(String tensor, DataType type, long... dims) {
    inputs.add(new Value(tensor, type, batchFirst(dims), "batch"));
    produced.add(tensor);
  }

  /** Declares an output whose shape is left to the runtime (for intermediate tensors). */
  void outputWithoutShape(String tensor, DataType type) {
    outputs.add(new Value(tensor, type, null, null));
  }

  /** Declares an output {@code (batch, dims...)} with a symbolic batch dimension. */
  void output(String tensor, DataType type, long... dims) {
    outputs.add(new Value(tensor, type, batchFirst(dims), "batch"));
  }

  private static Long[] batchFirst(long[] dims) {
    Long[] all = new Long[dims.length + 1];
    for (int i = 0; i < dims.length; i++) {
      all[i + 1] = dims[i];
    }
    return all;
  }

  /** Adds a node; its inputs must already exist (inputs, initializers or earlier outputs). */
  void node(String op, List<String> in, List<String> out, Attribute... attributes) {
    for (String tensor : in) {
      if (!tensor.isEmpty() && !produced.contains(tensor)) {
        throw new IllegalStateException(op + " reads '" + tensor + "', which nothing produces");
      }
    }
    for (String tensor : out) {
      if (!produced.add(tensor)) {
        throw new IllegalStateException(op + " writes '" + tensor + "' a second time");
      }
    }
    nodes.add(new Node(op, List.copyOf(in), List.copyOf(out), List.of(attributes)));
  }

  /** Adds a float initializer. */
  String floats(String tensor, float[] values, long... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return constant(tensor, DataType.FLOAT, dims, buffer.array(), values.length);
  }

  /** Adds an int32 initializer. */
  String ints(String tensor, int[] values, long... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asIntBuffer().put(values);
    return constant(tensor, DataType.INT32, dims, buffer.array(), values.length);
  }

  /** Adds an int64 initializer. */
  String longs(String tensor, long[] values, long... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(values);
    return constant(tensor, DataType.INT64, dims, buffer.array(), values.length);
  }

  /** Adds an int8 or uint8 initializer (one byte per element). */
  String bytes(String tensor, DataType type, byte[] values, long... dims) {
    if (type.bytes != 1) {
      throw new IllegalArgumentException(type + " is not a byte type");
    }
    return constant(tensor, type, dims, values.clone(), values.length);
  }

  private String constant(String tensor, DataType type, long[] dims, byte[] raw, int count) {
    long elements = 1;
    for (long d : dims) {
      elements *= d;
    }
    if (elements != count) {
      throw new IllegalArgumentException(
          tensor + ": " + count + " values do not fill " + java.util.Arrays.toString(dims));
    }
    if (!produced.add(tensor)) {
      throw new IllegalStateException("tensor '" + tensor + "' is defined twice");
    }
    initializers.put(tensor, new Tensor(tensor, type, dims.clone(), raw));
    return tensor;
  }

  /** Adds a {@code metadata_props} entry. */
  void metadata(String key, String value) {
    metadata.put(key, value);
  }

  void docString(String text) {
    this.docString = text;
  }

  void modelVersion(long version) {
    this.modelVersion = version;
  }

  /** Outputs declared by {@link #outputWithoutShape}: intermediate tensors exposed for reading. */
  List<String> extraOutputs() {
    return outputs.stream().filter(v -> v.dims() == null).map(Value::name).toList();
  }

  /** Whether a tensor of this name exists already. */
  boolean has(String tensor) {
    return produced.contains(tensor);
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Encodes the model. */
  byte[] encode(String producerVersion) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    write(bytes, producerVersion);
    return bytes.toByteArray();
  }

  /** Writes the encoded model to {@code out}. */
  void write(OutputStream out, String producerVersion) {
    try {
      CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 16);
      // ModelProto: ir_version 1, producer_name 2, producer_version 3, model_version 5,
      // doc_string 6, graph 7, opset_import 8, metadata_props 14
      coded.writeInt64(1, IR_VERSION);
      coded.writeString(2, "mlops");
      coded.writeString(3, producerVersion);
      if (modelVersion > 0) {
        coded.writeInt64(5, modelVersion);
      }
      if (!docString.isEmpty()) {
        coded.writeString(6, docString);
      }
      writeMessage(coded, 7, this::writeGraph);
      writeMessage(
          coded,
          8,
          c -> {
            // OperatorSetIdProto: domain 1 (empty = default), version 2
            c.writeString(1, "");
            c.writeInt64(2, OPSET);
          });
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        writeMessage(
            coded,
            14,
            c -> {
              // StringStringEntryProto: key 1, value 2
              c.writeString(1, entry.getKey());
              c.writeString(2, entry.getValue());
            });
      }
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GraphProto: node 1, name 2, initializer 5, input 11, output 12. */
  private void writeGraph(CodedOutputStream c) throws IOException {
    for (Node node : nodes) {
      writeMessage(c, 1, n -> writeNode(n, node));
    }
    c.writeString(2, name);
    for (Tensor tensor : initializers.values()) {
      writeMessage(c, 5, t -> writeTensor(t, tensor));
    }
    for (Value value : inputs) {
      writeMessage(c, 11, v -> writeValue(v, value));
    }
    for (Value value : outputs) {
      writeMessage(c, 12, v -> writeValue(v, value));
    }
  }

  /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
  private void writeNode(CodedOutputStream c, Node node) throws IOException {
    for (String in : node.inputs()) {
      c.writeString(1, in);
    }
    for (String out : node.outputs()) {
      c.writeString(2, out);
    }
    c.writeString(3, node.outputs().get(0));
    c.writeString(4, node.op());
    for (Attribute attribute : node.attributes()) {
      writeMessage(c, 5, a -> writeAttribute(a, attribute));
    }
  }

  /** AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7). */
  private static void writeAttribute(CodedOutputStream c, Attribute attribute) throws IOException {
    c.writeString(1, attribute.name());
    Object value = attribute.value();
    if (value instanceof Float f) {
      c.writeFloat(2, f);
      c.writeEnum(20, 1);
    } else if (value instanceof Long i) {
      c.writeInt64(3, i);
      c.writeEnum(20, 2);
    } else if (value instanceof String s) {
      c.writeBytes(4, com.google.protobuf.ByteString.copyFromUtf8(s));
      c.writeEnum(20, 3);
    } else if (value instanceof long[] ints) {
      for (long i : ints) {
        c.writeInt64(8, i);
      }
      c.writeEnum(20, 7);
    } else {
      throw new IllegalArgumentException("unsupported attribute " + attribute);
    }
  }

  /** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
  private static void writeTensor(CodedOutputStream c, Tensor tensor) throws IOException {
    for (long d : tensor.dims()) {
      c.writeInt64(1, d);
    }
    c.writeInt32(2, tensor.type().code);
    c.writeString(8, tensor.name());
    c.writeByteArray(9, tensor.raw());
  }

  /**
   * ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor: elem_type 1, shape
   * 2. TensorShapeProto: dim 1. Dimension: dim_value 1, dim_param 2.
   */
  private static void writeValue(CodedOutputStream c, Value value) throws IOException {
    c.writeString(1, value.name());
    writeMessage(
        c,
        2,
        type ->
            writeMessage(
                type,
                1,
                tensor -> {
                  tensor.writeInt32(1, value.type().code);
                  if (value.dims() == null) {
                    return;
                  }
                  writeMessage(
                      tensor,
                      2,
                      shape -> {
                        for (Long d : value.dims()) {
                          writeMessage(
                              shape,
                              1,
                              dim -> {
                                if (d == null) {
                                  dim.writeString(2, value.symbol());
                                } else {
                                  dim.writeInt64(1, d);
                                }
                              });
                        }
                      });
                }));
  }

  @FunctionalInterface
  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  /** Writes a length-delimited sub-message: encoded once to learn its size. */
  private static void writeMessage(CodedOutputStream out, int field, Body body) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream inner = CodedOutputStream.newInstance(buffer);
    body.write(inner);
    inner.flush();
    out.writeByteArray(field, buffer.toByteArray());
  }
}
