package dev.mlops.core.model;

import dev.mlops.core.Json;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * An image classifier described as a walkable list of layers: the single source from which the DJL
 * block ({@link DjlModels#block}) and, later, the ONNX graph are built. The compact constructor
 * checks that every layer fits the tensor it receives, so a graph that exists is consistent.
 *
 * @param architecture the architecture's name, for example {@code resnet18}
 * @param channels input channels (1 for gray, 3 for RGB)
 * @param inputSize input height and width in pixels
 * @param numClasses outputs of the final linear layer
 * @param layers the layers in order; the final one is the linear head
 */
public record LayerGraph(
    String architecture, int channels, int inputSize, int numClasses, List<Layer> layers) {

  /** Copies the layers and checks shapes, names and the head. */
  public LayerGraph {
    Objects.requireNonNull(architecture, "architecture");
    layers = List.copyOf(layers);
    if (channels < 1 || inputSize < 1 || numClasses < 1) {
      throw new IllegalArgumentException(
          "channels, inputSize and numClasses must be >= 1, got "
              + channels
              + ", "
              + inputSize
              + ", "
              + numClasses);
    }
    if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Layer.Linear)) {
      throw new IllegalArgumentException(architecture + ": the last layer must be a linear head");
    }
    GraphShapes.check(architecture, channels, inputSize, numClasses, layers);
  }

  /** Reads a graph written by {@link #toJson()} or {@link #canonicalBytes()}. */
  public static LayerGraph fromJson(byte[] json) throws IOException {
    return Json.mapper().readValue(json, LayerGraph.class);
  }

  /** Indented JSON for {@code graph.json}: sorted keys, ends with a newline. */
  public byte[] toJson() {
    return Json.pretty(this);
  }

  /** Compact canonical JSON: the same graph always gives the same bytes (for fingerprints). */
  public byte[] canonicalBytes() {
    return Json.canonical(this);
  }

  /** The name of the final linear layer, whose parameters depend on the class count. */
  public String head() {
    return ((Layer.Linear) layers.get(layers.size() - 1)).name();
  }

  /**
   * Every parameter array the graph implies, in the order the DJL block holds and saves them: names
   * {@code <layer>.weight|bias|gamma|beta|runningMean|runningVar}.
   */
  public List<ParameterSpec> parameters() {
    return GraphShapes.check(architecture, channels, inputSize, numClasses, layers);
  }

  /**
   * Learned scalars: convolution and linear weights and biases, batch-norm scale and shift. Batch
   * norm running statistics are excluded (see {@link #bufferCount()}), as in PyTorch's {@code
   * sum(p.numel() for p in model.parameters())}.
   */
  public long parameterCount() {
    return parameters().stream()
        .filter(ParameterSpec::trainable)
        .mapToLong(ParameterSpec::size)
        .sum();
  }

  /** Batch-norm running mean and variance scalars: saved with the model, but not learned. */
  public long bufferCount() {
    return parameters().stream().filter(p -> !p.trainable()).mapToLong(ParameterSpec::size).sum();
  }

  /** The same architecture with a different input size (weights are independent of it). */
  public LayerGraph withInputSize(int size) {
    return new LayerGraph(architecture, channels, size, numClasses, layers);
  }

  /** One line for logs: architecture, input, classes and parameter count. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %dx%dx%d input, %d classes, %,d parameters",
        architecture,
        channels,
        inputSize,
        inputSize,
        numClasses,
        parameterCount());
  }
}
