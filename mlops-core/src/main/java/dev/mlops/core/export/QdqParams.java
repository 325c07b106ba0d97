package dev.mlops.core.export;

import java.util.List;

/**
 * The quantized parameters of a QDQ graph: weights as {@link Int8Scheme} stores them and int32
 * biases, each as an initializer followed by the DequantizeLinear that ONNX Runtime folds into the
 * integer kernel.
 */
final class QdqParams {
  private final OnnxGraph onnx;
  private final Int8Scheme scheme;

  QdqParams(OnnxGraph onnx, Int8Scheme scheme) {
    this.onnx = onnx;
    this.scheme = scheme;
  }

  /**
   * Quantized weights and their DequantizeLinear; {@code axis} -1 means per tensor. Unsigned
   * weights are the same symmetric values shifted by a zero point of 128.
   */
  String weights(String name, QuantMath.Weights w, long[] dims, int axis) {
    boolean unsigned = scheme.unsignedWeights();
    OnnxGraph.DataType type = unsigned ? OnnxGraph.DataType.UINT8 : OnnxGraph.DataType.INT8;
    byte[] values = w.values().clone();
    byte[] zeroPoints = new byte[w.scales().length];
    if (unsigned) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (byte) (values[i] + 128);
      }
      java.util.Arrays.fill(zeroPoints, (byte) 128);
    }
    String q = onnx.bytes(name + "_q", type, values, dims);
    long[] scaleDims = axis < 0 ? new long[0] : new long[] {w.scales().length};
    String scale = onnx.floats(name + "_q.scale", w.scales(), scaleDims);
    String zero = onnx.bytes(name + "_q.zero_point", type, zeroPoints, scaleDims);
    node(List.of(q, scale, zero), name, axis);
    return name;
  }

  /** int32 bias in the scale {@code inputScale * weightScale} and its DequantizeLinear. */
  String bias(String name, float[] bias, float inputScale, float[] weightScales, int axis) {
    int[] values = QuantMath.bias(bias, inputScale, weightScales);
    float[] scales = QuantMath.biasScales(inputScale, weightScales, weightScales.length);
    long[] scaleDims = axis < 0 ? new long[0] : new long[] {scales.length};
    String q = onnx.ints(name + "_q", values, bias.length);
    String scale = onnx.floats(name + "_q.scale", scales, scaleDims);
    String zero = onnx.ints(name + "_q.zero_point", new int[scales.length], scaleDims);
    node(List.of(q, scale, zero), name, axis);
    return name;
  }

  private void node(List<String> inputs, String out, int axis) {
    if (axis < 0) {
      onnx.node("DequantizeLinear", inputs, List.of(out));
    } else {
      onnx.node(
          "DequantizeLinear", inputs, List.of(out), OnnxGraph.Attribute.of("axis", (long) axis));
    }
  }
}
