package dev.mlops.core.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decoders of the ONNX messages below a node: attributes, tensors and value infos. */
public final class OnnxValues {
  private OnnxValues() {}

  /** A graph input's name and dimensions (-1 for a symbolic dimension). */
  record ValueInfo(String name, List<Long> dims) {}

  /** AttributeProto: name 1, f 2, i 3, t 5, ints 8. */
  static void attribute(ByteString bytes, Map<String, OnnxModel.Attr> into) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    in.enableAliasing(true);
    String name = "";
    float f = 0;
    long i = 0;
    List<Long> ints = new ArrayList<>();
    OnnxModel.Tensor t = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      if (number == 1 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        name = in.readStringRequireUtf8();
      } else if (number == 2 && wire == WireFormat.WIRETYPE_FIXED32) {
        f = in.readFloat();
      } else if (number == 3 && wire == WireFormat.WIRETYPE_VARINT) {
        i = in.readInt64();
      } else if (number == 5 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        t = tensor(in.readBytes());
      } else if (number == 8) {
        readLongs(in, tag, ints);
      } else {
        in.skipField(tag);
      }
    }
    into.put(name, new OnnxModel.Attr(f, i, List.copyOf(ints), t));
  }

  /** TensorProto: dims 1, data_type 2, float_data 4, name 8, raw_data 9, data_location 14. */
  static OnnxModel.Tensor tensor(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    List<Long> dims = new ArrayList<>();
    List<Float> floats = new ArrayList<>();
    int type = 0;
    String name = "";
    ByteString raw = ByteString.EMPTY;
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      if (number == 1) {
        readLongs(in, tag, dims);
      } else if (number == 2 && wire == WireFormat.WIRETYPE_VARINT) {
        type = in.readInt32();
      } else if (number == 4) {
        readFloats(in, tag, floats);
      } else if (number == 8 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        name = in.readStringRequireUtf8();
      } else if (number == 9 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        raw = in.readBytes();
      } else if (number == 14 && wire == WireFormat.WIRETYPE_VARINT) {
        external = in.readInt32() == 1;
      } else {
        in.skipField(tag);
      }
    }
    return new OnnxModel.Tensor(name, List.copyOf(dims), type, raw, floats, external);
  }

  /** ValueInfoProto {name 1, type 2: TypeProto {tensor_type 1: {shape 2: {dim 1}}}}. */
  static ValueInfo valueInfo(ByteString bytes) throws IOException {
    String name = "";
    List<Long> dims = new ArrayList<>();
    CodedInputStream in = bytes.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      if (number == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        name = in.readStringRequireUtf8();
      } else if (number == 2 && WireFormat.getTagWireType(tag) == 2) {
        for (ByteString tensorType : fields(in.readBytes(), 1)) {
          for (ByteString shape : fields(tensorType, 2)) {
            for (ByteString dim : fields(shape, 1)) {
              dims.add(dimValue(dim));
            }
          }
        }
      } else {
        in.skipField(tag);
      }
    }
    return new ValueInfo(name, List.copyOf(dims));
  }

  private static long dimValue(ByteString dim) throws IOException {
    CodedInputStream in = dim.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (1 << 3 | WireFormat.WIRETYPE_VARINT)) {
        return in.readInt64();
      }
      in.skipField(tag);
    }
    return -1;
  }

  /** The length-delimited values of field {@code number} of an encoded message, in order. */
  public static List<ByteString> fields(ByteString message, int number) throws IOException {
    CodedInputStream in = message.newCodedInput();
    List<ByteString> values = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == number
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        values.add(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return values;
  }

  /** A repeated int64 field, packed or not. */
  private static void readLongs(CodedInputStream in, int tag, List<Long> into) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readInt64());
      }
      in.popLimit(limit);
    } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
      into.add(in.readInt64());
    } else {
      in.skipField(tag);
    }
  }

  /** A repeated float field, packed or not. */
  private static void readFloats(CodedInputStream in, int tag, List<Float> into)
      throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readFloat());
      }
      in.popLimit(limit);
    } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED32) {
      into.add(in.readFloat());
    } else {
      in.skipField(tag);
    }
  }
}
