package dev.mlops.core.export;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ParameterSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Translates a {@link LayerGraph} and its trained weights into an fp32 ONNX model whose input is
 * {@value #INPUT} {@code (batch, channels, size, size)} and whose output is {@value #OUTPUT} {@code
 * (batch, classes)}; the batch dimension is symbolic.
 *
 * <p>Each layer kind has a translator in a table. A layer kind without one (a new kind added to
 * {@link Layer} but not here) fails the export with a message naming the kind and the layer,
 * instead of writing a model that computes something else.
 */
public final class OnnxTranslator {
  /** Name of the input tensor. */
  public static final String INPUT = "input";

  /** Name of the output tensor: softmax of the scores. */
  public static final String OUTPUT = "probabilities";

  /** Writes the ONNX nodes of one layer and returns the name of its output tensor. */
  @FunctionalInterface
  interface Translator {
    String emit(Layer layer, String input, Emitter out);
  }

  private final Map<Class<? extends Layer>, Translator> translators;

  private OnnxTranslator(Map<Class<? extends Layer>, Translator> translators) {
    this.translators = Map.copyOf(translators);
  }

  /** The exporter that knows every layer kind of {@link Layer}. */
  public static OnnxTranslator standard() {
    Map<Class<? extends Layer>, Translator> table = new LinkedHashMap<>();
    table.put(Layer.Conv2d.class, (layer, in, out) -> out.conv((Layer.Conv2d) layer, in));
    table.put(
        Layer.BatchNorm.class, (layer, in, out) -> out.batchNorm((Layer.BatchNorm) layer, in));
    table.put(Layer.Relu.class, (layer, in, out) -> out.unary("Relu", in));
    table.put(Layer.MaxPool.class, (layer, in, out) -> out.maxPool((Layer.MaxPool) layer, in));
    table.put(Layer.AvgPool.class, (layer, in, out) -> out.avgPool((Layer.AvgPool) layer, in));
    table.put(Layer.Residual.class, (layer, in, out) -> out.residual((Layer.Residual) layer, in));
    table.put(Layer.GlobalAvgPool.class, (layer, in, out) -> out.globalAvgPool(in));
    table.put(Layer.Flatten.class, (layer, in, out) -> out.flatten(in));
    table.put(Layer.Linear.class, (layer, in, out) -> out.linear((Layer.Linear) layer, in));
    table.put(Layer.Dropout.class, (layer, in, out) -> in); // the identity at inference
    return new OnnxTranslator(table);
  }

  /** This exporter without the translator of {@code kind}: for tests of the failure message. */
  OnnxTranslator without(Class<? extends Layer> kind) {
    Map<Class<? extends Layer>, Translator> table = new HashMap<>(translators);
    table.remove(kind);
    return new OnnxTranslator(table);
  }

  /**
   * The encoded fp32 ONNX model.
   *
   * @param weights every parameter of {@link LayerGraph#parameters()} by name
   * @throws UnsupportedLayerException when the graph holds a layer kind without a translator
   * @throws IllegalArgumentException when a weight is missing or has the wrong size
   */
  public byte[] export(LayerGraph graph, Map<String, float[]> weights, ExportMetadata metadata) {
    return build(graph, weights, metadata).encode(CoreVersion.get());
  }

  OnnxGraph build(LayerGraph graph, Map<String, float[]> weights, ExportMetadata metadata) {
    checkSupported(graph.layers());
    OnnxGraph onnx = start(graph, metadata, "none");
    Emitter out = new Emitter(onnx, this, graph, weights);
    String scores = out.layers(graph.layers(), INPUT);
    onnx.node("Softmax", List.of(scores), List.of(OUTPUT), OnnxGraph.Attribute.of("axis", 1L));
    return onnx;
  }

  /** Fails before anything is written when a layer (at any depth) has no translator. */
  void checkSupported(List<Layer> layers) {
    for (Layer layer : layers) {
      if (!translators.containsKey(layer.getClass())) {
        throw new UnsupportedLayerException(layer, translators.keySet());
      }
      if (layer instanceof Layer.Residual residual) {
        checkSupported(residual.body());
        checkSupported(residual.shortcut());
      }
    }
  }

  /** A graph with the input, output and metadata of an exported classifier. */
  static OnnxGraph start(LayerGraph graph, ExportMetadata metadata, String quantization) {
    if (metadata.labels().size() != graph.numClasses()) {
      throw new IllegalArgumentException(
          metadata.labels().size() + " labels for " + graph.numClasses() + " classes");
    }
    OnnxGraph onnx = new OnnxGraph(graph.architecture());
    int size = graph.inputSize();
    onnx.input(INPUT, OnnxGraph.DataType.FLOAT, graph.channels(), size, size);
    onnx.output(OUTPUT, OnnxGraph.DataType.FLOAT, graph.numClasses());
    metadata.properties(graph.architecture(), quantization).forEach(onnx::metadata);
    onnx.docString(
        metadata.modelName()
            + " "
            + metadata.modelVersion()
            + ": "
            + graph.summary()
            + (quantization.equals("none") ? "" : ", " + quantization));
    return onnx;
  }

  /** Emits the nodes of the layers of one graph into an {@link OnnxGraph}. */
  static final class Emitter {
    private final OnnxGraph onnx;
    private final OnnxTranslator exporter;
    private final Map<String, float[]> weights;
    private final Map<String, ParameterSpec> specs;
    private int counter;

    Emitter(
        OnnxGraph onnx, OnnxTranslator exporter, LayerGraph graph, Map<String, float[]> weights) {
      this.onnx = onnx;
      this.exporter = exporter;
      this.weights = weights;
      this.specs =
          graph.parameters().stream()
              .collect(Collectors.toMap(ParameterSpec::name, p -> p, (a, b) -> a));
    }

    String layers(List<Layer> layers, String input) {
      String current = input;
      for (Layer layer : layers) {
        Translator translator = exporter.translators.get(layer.getClass());
        if (translator == null) {
          throw new UnsupportedLayerException(layer, exporter.translators.keySet());
        }
        current = translator.emit(layer, current, this);
      }
      return current;
    }

    /** A fresh tensor name {@code <kind>_<n>} for outputs of unnamed layers. */
    String fresh(String kind) {
      counter++;
      return String.format(Locale.ROOT, "%s_%d", kind, counter);
    }

    /** The trained values of {@code <layer>.<parameter>}, checked against the graph's shape. */
    float[] weight(String layer, String parameter) {
      String name = layer + "." + parameter;
      ParameterSpec spec = specs.get(name);
      float[] values = weights.get(name);
      if (spec == null || values == null) {
        throw new IllegalArgumentException("no weights for parameter '" + name + "'");
      }
      if (values.length != spec.size()) {
        throw new IllegalArgumentException(
            name + " has " + values.length + " values, the graph needs " + spec.shape());
      }
      return values;
    }

    /** Adds the trained values of {@code <layer>.<parameter>} as an initializer. */
    String initializer(String layer, String parameter) {
      String name = layer + "." + parameter;
      float[] values = weight(layer, parameter);
      long[] dims = specs.get(name).shape().stream().mapToLong(Long::longValue).toArray();
      return onnx.floats(name, values, dims);
    }

    String conv(Layer.Conv2d conv, String in) {
      List<String> inputs =
          conv.bias()
              ? List.of(in, initializer(conv.name(), "weight"), initializer(conv.name(), "bias"))
              : List.of(in, initializer(conv.name(), "weight"));
      onnx.node("Conv", inputs, List.of(conv.name()), convAttributes(conv));
      return conv.name();
    }

    static OnnxGraph.Attribute[] convAttributes(Layer.Conv2d conv) {
      int p = conv.padding();
      return new OnnxGraph.Attribute[] {
        OnnxGraph.Attribute.ints("kernel_shape", conv.kernel(), conv.kernel()),
        OnnxGraph.Attribute.ints("strides", conv.stride(), conv.stride()),
        OnnxGraph.Attribute.ints("pads", p, p, p, p),
        OnnxGraph.Attribute.ints("dilations", 1, 1),
        OnnxGraph.Attribute.of("group", 1L)
      };
    }

    String batchNorm(Layer.BatchNorm bn, String in) {
      onnx.node(
          "BatchNormalization",
          List.of(
              in,
              initializer(bn.name(), "gamma"),
              initializer(bn.name(), "beta"),
              initializer(bn.name(), "runningMean"),
              initializer(bn.name(), "runningVar")),
          List.of(bn.name()),
          OnnxGraph.Attribute.of("epsilon", (float) Layer.BatchNorm.EPSILON));
      return bn.name();
    }

    String unary(String op, String in) {
      String out = fresh(op.toLowerCase(Locale.ROOT));
      onnx.node(op, List.of(in), List.of(out));
      return out;
    }

    String maxPool(Layer.MaxPool pool, String in) {
      String out = fresh("maxpool");
      onnx.node(
          "MaxPool",
          List.of(in),
          List.of(out),
          poolAttributes(pool.kernel(), pool.stride(), pool.padding()));
      return out;
    }

    static OnnxGraph.Attribute[] poolAttributes(int kernel, int stride, int padding) {
      return new OnnxGraph.Attribute[] {
        OnnxGraph.Attribute.ints("kernel_shape", kernel, kernel),
        OnnxGraph.Attribute.ints("strides", stride, stride),
        OnnxGraph.Attribute.ints("pads", padding, padding, padding, padding),
        OnnxGraph.Attribute.of("ceil_mode", 0L)
      };
    }

    String avgPool(Layer.AvgPool pool, String in) {
      String out = fresh("avgpool");
      OnnxGraph.Attribute[] base = poolAttributes(pool.kernel(), pool.stride(), pool.padding());
      OnnxGraph.Attribute[] attributes = Arrays.copyOf(base, base.length + 1);
      attributes[base.length] = OnnxGraph.Attribute.of("count_include_pad", 1L);
      onnx.node("AveragePool", List.of(in), List.of(out), attributes);
      return out;
    }

    String residual(Layer.Residual residual, String in) {
      String body = layers(residual.body(), in);
      String shortcut = residual.shortcut().isEmpty() ? in : layers(residual.shortcut(), in);
      String out = fresh("add");
      onnx.node("Add", List.of(body, shortcut), List.of(out));
      return out;
    }

    /** DJL's global pooling returns {@code (N, C)}; ONNX's keeps {@code (N, C, 1, 1)}. */
    String globalAvgPool(String in) {
      String pooled = fresh("globalavgpool");
      onnx.node("GlobalAveragePool", List.of(in), List.of(pooled));
      return flatten(pooled);
    }

    String flatten(String in) {
      String out = fresh("flatten");
      onnx.node("Flatten", List.of(in), List.of(out), OnnxGraph.Attribute.of("axis", 1L));
      return out;
    }

    /** DJL's linear weight is {@code (out, in)}: {@code y = x W^T + b} is Gemm with transB. */
    String linear(Layer.Linear linear, String in) {
      onnx.node(
          "Gemm",
          List.of(in, initializer(linear.name(), "weight"), initializer(linear.name(), "bias")),
          List.of(linear.name()),
          OnnxGraph.Attribute.of("transB", 1L));
      return linear.name();
    }
  }

  /** A layer kind the exporter has no translation for. */
  public static final class UnsupportedLayerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnsupportedLayerException(Layer layer, java.util.Set<Class<? extends Layer>> known) {
      super(
          "cannot export "
              + layer
              + " to ONNX: the exporter has no translation for layer kind '"
              + layer.getClass().getSimpleName()
              + "' (it knows "
              + known.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "))
              + "); add one to OnnxTranslator or use an architecture without this layer");
    }
  }
}
