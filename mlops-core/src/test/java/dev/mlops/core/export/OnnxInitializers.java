package dev.mlops.core.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The initializers of an encoded ONNX model, read back from the bytes with protobuf's generic
 * parser (not with our writer's own data), so tests see exactly what ONNX Runtime loads.
 */
final class OnnxInitializers {
  /** A TensorProto: dims (field 1), data_type (2), raw_data (9). */
  record Tensor(long[] dims, int dataType, byte[] raw) {}

  /** ONNX's TensorProto.DataType codes. */
  static final int UINT8 = 2;

  static final int INT8 = 3;

  private OnnxInitializers() {}

  /** Every initializer by name: ModelProto.graph (7) -> GraphProto.initializer (5). */
  static Map<String, Tensor> read(byte[] model) throws InvalidProtocolBufferException {
    UnknownFieldSet graph =
        UnknownFieldSet.parseFrom(
            UnknownFieldSet.parseFrom(model).getField(7).getLengthDelimitedList().get(0));
    Map<String, Tensor> tensors = new HashMap<>();
    for (ByteString bytes : graph.getField(5).getLengthDelimitedList()) {
      UnknownFieldSet t = UnknownFieldSet.parseFrom(bytes);
      List<Long> dims = t.getField(1).getVarintList();
      tensors.put(
          t.getField(8).getLengthDelimitedList().get(0).toStringUtf8(),
          new Tensor(
              dims.stream().mapToLong(Long::longValue).toArray(),
              t.getField(2).getVarintList().get(0).intValue(),
              t.getField(9).getLengthDelimitedList().get(0).toByteArray()));
    }
    return tensors;
  }

  /** A float tensor's values. */
  static float[] floats(Tensor t) {
    java.nio.FloatBuffer b =
        java.nio.ByteBuffer.wrap(t.raw()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] values = new float[b.remaining()];
    b.get(values);
    return values;
  }

  /** A uint8 or int8 tensor's values, as the integers they stand for. */
  static int[] integers(Tensor t) {
    int[] values = new int[t.raw().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = t.dataType() == UINT8 ? Byte.toUnsignedInt(t.raw()[i]) : t.raw()[i];
    }
    return values;
  }
}
