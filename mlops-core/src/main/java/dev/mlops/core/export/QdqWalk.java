package dev.mlops.core.export;

import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Emits the folded graph of {@link Int8Quantizer}: batch norm folded into the convolution before
 * it, ReLU fused into the preceding convolution or addition. Without ranges it emits the float
 * graph used for calibration, where each quantization point is also a graph output; with ranges it
 * emits the QDQ graph, where each point is a QuantizeLinear and each consumer reads through a
 * DequantizeLinear. Both walks visit the same points in the same order under the same names.
 */
final class QdqWalk {
  /** A tensor flowing between layers: uint8 with its quantization in QDQ mode, else float. */
  private record Value(String name, float scale, int zeroPoint) {}

  private final OnnxGraph onnx;
  private final LayerGraph graph;
  private final Map<String, float[]> weights;
  private final Map<String, float[]> ranges;
  private final Int8Scheme scheme;
  private final QdqParams qdq;
  private final OnnxTranslator.Emitter params;
  private int counter;
  private int dequantized;

  /**
   * @param ranges min and max of each quantization point, or {@code null} for the float graph
   * @param scheme how weights are stored (unused by the float graph)
   */
  QdqWalk(
      OnnxGraph onnx,
      LayerGraph graph,
      Map<String, float[]> weights,
      Map<String, float[]> ranges,
      Int8Scheme scheme) {
    this.onnx = onnx;
    this.graph = graph;
    this.weights = weights;
    this.ranges = ranges;
    this.scheme = scheme;
    this.qdq = new QdqParams(onnx, scheme);
    this.params = new OnnxTranslator.Emitter(onnx, OnnxTranslator.standard(), graph, weights);
  }

  private boolean quantized() {
    return ranges != null;
  }

  void emitModel() {
    List<Layer> layers = graph.layers();
    // A graph input cannot also be an output, so calibration observes a copy of it.
    String observed = OnnxTranslator.INPUT + "_observed";
    if (!quantized()) {
      onnx.node("Identity", List.of(OnnxTranslator.INPUT), List.of(observed));
    }
    Value x = point(quantized() ? OnnxTranslator.INPUT : observed, observed);
    x = layers(layers.subList(0, layers.size() - 1), x);
    String scores = linear((Layer.Linear) layers.get(layers.size() - 1), x);
    onnx.node(
        "Softmax",
        List.of(scores),
        List.of(OnnxTranslator.OUTPUT),
        OnnxGraph.Attribute.of("axis", 1L));
  }

  private Value layers(List<Layer> layers, Value input) {
    Value x = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      boolean bnNext = i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.BatchNorm;
      if (layer instanceof Layer.Conv2d conv) {
        Layer.BatchNorm bn = bnNext ? (Layer.BatchNorm) layers.get(++i) : null;
        x = conv(conv, bn, reluNext(layers, i), x);
      } else if (layer instanceof Layer.BatchNorm bn) {
        x =
            floatOp(
                "BatchNormalization",
                x,
                reluNext(layers, i),
                bnInputs(bn),
                OnnxGraph.Attribute.of("epsilon", (float) Layer.BatchNorm.EPSILON));
      } else if (layer instanceof Layer.Relu) {
        x = floatOp("Relu", x, false, List.of());
      } else if (layer instanceof Layer.Residual residual) {
        x = residual(residual, reluNext(layers, i), x);
      } else if (layer instanceof Layer.MaxPool pool) {
        x =
            byteOp(
                "MaxPool",
                x,
                OnnxTranslator.Emitter.poolAttributes(
                    pool.kernel(), pool.stride(), pool.padding()));
      } else if (layer instanceof Layer.AvgPool pool) {
        x = floatOp("AveragePool", x, false, List.of(), avgPoolAttributes(pool));
      } else if (layer instanceof Layer.GlobalAvgPool) {
        x = floatOp("GlobalAveragePool", x, false, List.of());
        x = byteOp("Flatten", x, OnnxGraph.Attribute.of("axis", 1L));
      } else if (layer instanceof Layer.Flatten) {
        x = byteOp("Flatten", x, OnnxGraph.Attribute.of("axis", 1L));
      } else if (layer instanceof Layer.Linear linear) {
        x = point(linear(linear, x), null);
      } else if (!(layer instanceof Layer.Dropout)) { // dropout is the identity at inference
        throw new IllegalArgumentException("the int8 quantizer cannot translate " + layer);
      }
      if (i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Relu && fusedRelu(layer)) {
        i++;
      }
    }
    return x;
  }

  private static boolean reluNext(List<Layer> layers, int i) {
    return i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Relu;
  }

  /** Layers whose translation above absorbed a following ReLU. */
  private static boolean fusedRelu(Layer layer) {
    return layer instanceof Layer.Conv2d
        || layer instanceof Layer.BatchNorm
        || layer instanceof Layer.Residual;
  }

  private static OnnxGraph.Attribute[] avgPoolAttributes(Layer.AvgPool pool) {
    OnnxGraph.Attribute[] base =
        OnnxTranslator.Emitter.poolAttributes(pool.kernel(), pool.stride(), pool.padding());
    OnnxGraph.Attribute[] all = java.util.Arrays.copyOf(base, base.length + 1);
    all[base.length] = OnnxGraph.Attribute.of("count_include_pad", 1L);
    return all;
  }

  private List<String> bnInputs(Layer.BatchNorm bn) {
    return List.of(
        params.initializer(bn.name(), "gamma"),
        params.initializer(bn.name(), "beta"),
        params.initializer(bn.name(), "runningMean"),
        params.initializer(bn.name(), "runningVar"));
  }

  /** Convolution with batch norm folded in, ReLU absorbed by the output's range. */
  private Value conv(Layer.Conv2d conv, Layer.BatchNorm bn, boolean relu, Value x) {
    float[][] folded = fold(conv, bn);
    long[] dims = {conv.out(), conv.in(), conv.kernel(), conv.kernel()};
    String weight;
    String bias;
    if (quantized()) {
      QuantMath.Weights w = QuantMath.symmetric(folded[0], conv.out(), scheme.limit());
      weight = qdq.weights(conv.name() + ".weight", w, dims, 0);
      bias = qdq.bias(conv.name() + ".bias", folded[1], x.scale(), w.scales(), 0);
    } else {
      weight = onnx.floats(conv.name() + ".weight", folded[0], dims);
      bias = onnx.floats(conv.name() + ".bias", folded[1], conv.out());
    }
    onnx.node(
        "Conv",
        List.of(dequantize(x), weight, bias),
        List.of(conv.name()),
        OnnxTranslator.Emitter.convAttributes(conv));
    return finish(conv.name(), relu);
  }

  /** {@code W' = W * g / sqrt(var + eps)}, {@code b' = beta + (b - mean) * g / sqrt(var + eps)}. */
  private float[][] fold(Layer.Conv2d conv, Layer.BatchNorm bn) {
    float[] w = params.weight(conv.name(), "weight").clone();
    float[] b = conv.bias() ? params.weight(conv.name(), "bias").clone() : new float[conv.out()];
    if (bn == null) {
      return new float[][] {w, b};
    }
    float[] gamma = params.weight(bn.name(), "gamma");
    float[] beta = params.weight(bn.name(), "beta");
    float[] mean = params.weight(bn.name(), "runningMean");
    float[] var = params.weight(bn.name(), "runningVar");
    int run = w.length / conv.out();
    for (int c = 0; c < conv.out(); c++) {
      double factor = gamma[c] / Math.sqrt(var[c] + Layer.BatchNorm.EPSILON);
      for (int i = c * run; i < (c + 1) * run; i++) {
        w[i] = (float) (w[i] * factor);
      }
      b[c] = (float) (beta[c] + (b[c] - mean[c]) * factor);
    }
    return new float[][] {w, b};
  }

  private Value residual(Layer.Residual residual, boolean relu, Value x) {
    Value body = layers(residual.body(), x);
    Value shortcut = residual.shortcut().isEmpty() ? x : layers(residual.shortcut(), x);
    String sum = fresh("add");
    onnx.node("Add", List.of(dequantize(body), dequantize(shortcut)), List.of(sum));
    return finish(sum, relu);
  }

  /** The head: int8 weights per tensor, float scores out (ONNX Runtime's QGemm). */
  private String linear(Layer.Linear linear, Value x) {
    long[] dims = {linear.out(), linear.in()};
    float[] w = params.weight(linear.name(), "weight");
    float[] b = params.weight(linear.name(), "bias");
    String weight;
    String bias;
    if (quantized()) {
      QuantMath.Weights q = QuantMath.symmetric(w, 1, scheme.limit());
      weight = qdq.weights(linear.name() + ".weight", q, dims, -1);
      bias = qdq.bias(linear.name() + ".bias", b, x.scale(), q.scales(), -1);
    } else {
      weight = onnx.floats(linear.name() + ".weight", w, dims);
      bias = onnx.floats(linear.name() + ".bias", b, linear.out());
    }
    onnx.node(
        "Gemm",
        List.of(dequantize(x), weight, bias),
        List.of(linear.name()),
        OnnxGraph.Attribute.of("transB", 1L));
    return linear.name();
  }

  /** An operator computed in float between DequantizeLinear and QuantizeLinear. */
  private Value floatOp(
      String op,
      Value x,
      boolean relu,
      List<String> extraInputs,
      OnnxGraph.Attribute... attributes) {
    String out = fresh(op.toLowerCase(Locale.ROOT));
    List<String> inputs = new java.util.ArrayList<>();
    inputs.add(dequantize(x));
    inputs.addAll(extraInputs);
    onnx.node(op, inputs, List.of(out), attributes);
    return finish(out, relu);
  }

  /** An operator that runs on the uint8 tensor itself and keeps its quantization. */
  private Value byteOp(String op, Value x, OnnxGraph.Attribute... attributes) {
    String out = fresh(op.toLowerCase(Locale.ROOT));
    onnx.node(op, List.of(x.name()), List.of(out), attributes);
    return new Value(out, x.scale(), x.zeroPoint());
  }

  /** Applies a fused ReLU (float graph only) and makes the result a quantization point. */
  private Value finish(String tensor, boolean relu) {
    if (!relu) {
      return point(tensor, null);
    }
    String observed = tensor + "_relu";
    if (!quantized()) {
      onnx.node("Relu", List.of(tensor), List.of(observed));
      return point(observed, null);
    }
    return point(tensor, observed);
  }

  /**
   * A quantization point. Float graph: {@code tensor} becomes an output whose range calibration
   * records. QDQ graph: QuantizeLinear of {@code tensor} with the range recorded under {@code key}
   * (default {@code tensor}).
   */
  private Value point(String tensor, String key) {
    String observed = key == null ? tensor : key;
    if (!quantized()) {
      onnx.outputWithoutShape(tensor, OnnxGraph.DataType.FLOAT);
      return new Value(tensor, 1f, 0);
    }
    float[] range = ranges.get(observed);
    if (range == null) {
      throw new IllegalStateException("calibration recorded no range for " + observed);
    }
    QuantMath.Activation a = QuantMath.Activation.of(range[0], range[1]);
    String q = observed + "_q";
    onnx.floats(q + ".scale", new float[] {a.scale()});
    onnx.bytes(q + ".zero_point", OnnxGraph.DataType.UINT8, new byte[] {(byte) a.zeroPoint()});
    onnx.node("QuantizeLinear", List.of(tensor, q + ".scale", q + ".zero_point"), List.of(q));
    return new Value(q, a.scale(), a.zeroPoint());
  }

  /** The float tensor a consumer reads: a fresh DequantizeLinear per consumer in QDQ mode. */
  private String dequantize(Value x) {
    if (!quantized()) {
      return x.name();
    }
    dequantized++;
    String out = String.format(Locale.ROOT, "%s_dq%d", x.name(), dequantized);
    onnx.node("DequantizeLinear", List.of(x.name(), scale(x), zeroPoint(x)), List.of(out));
    return out;
  }

  private String scale(Value x) {
    String name = x.name() + ".scale";
    return onnx.has(name) ? name : onnx.floats(name, new float[] {x.scale()});
  }

  private String zeroPoint(Value x) {
    String name = x.name() + ".zero_point";
    return onnx.has(name)
        ? name
        : onnx.bytes(name, OnnxGraph.DataType.UINT8, new byte[] {(byte) x.zeroPoint()});
  }

  private String fresh(String kind) {
    counter++;
    return String.format(Locale.ROOT, "%s_%d", kind, counter);
  }
}
