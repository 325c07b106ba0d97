package dev.mlops.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the weights of an ONNX ResNet into a graph block by structure, not by name: the file's
 * i-th convolution (node order, which ONNX requires to be topological and PyTorch writes in forward
 * order) goes into the graph's i-th convolution, its batch norm into the batch norm after it, the
 * final Gemm into the head. Every array is checked before anything is written.
 */
final class OnnxWeights {
  private static final float EPSILON = (float) Layer.BatchNorm.EPSILON;

  /** A convolution of the graph and the batch norm that follows it. */
  private record Unit(Layer.Conv2d conv, Layer.BatchNorm bn) {}

  private final Path file;
  private final LayerGraph graph;
  private final OnnxStructure structure;
  private final String fileArchitecture;
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private long copied;
  private int ourConvs;

  private OnnxWeights(Path file, LayerGraph graph, OnnxStructure structure) {
    this.file = file;
    this.graph = graph;
    this.structure = structure;
    this.fileArchitecture = OnnxImport.architectureOf(structure);
  }

  /**
   * Imports {@code model} into {@code target}; the head keeps its fresh values when {@code
   * reinitHead} is set or the class count differs.
   *
   * @throws InvalidInputException naming the first layer that does not fit, and both shapes
   */
  static WarmStart loadInto(GraphBlock target, Path file, OnnxModel model, boolean reinitHead)
      throws InvalidInputException {
    OnnxStructure structure = OnnxStructure.of(model);
    OnnxWeights weights = new OnnxWeights(file, target.graph(), structure);
    List<Unit> units = units(target.graph().layers(), new ArrayList<>());
    weights.ourConvs = units.size();
    boolean headCopied;
    try {
      weights.convolutions(units);
      headCopied = weights.head(reinitHead);
    } catch (IllegalArgumentException e) {
      throw OnnxImportMessages.failure(
          file
              + " cannot be imported: "
              + e.getMessage()
              + "; export it again with"
              + " torch.onnx.export (float weights inside the file)",
          file,
          e);
    }
    weights.write(target.getParameters());
    int fileClasses = Math.toIntExact(structure.head().classes());
    String origin = OnnxImport.describe(model, structure);
    return new WarmStart(
        file,
        weights.copied,
        !headCopied,
        fileClasses,
        target.graph().numClasses(),
        origin,
        structure.foldedCount());
  }

  private static List<Unit> units(List<Layer> layers, List<Unit> into) {
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Layer.Residual r) {
        units(r.body(), into);
        units(r.shortcut(), into);
      } else if (layer instanceof Layer.Conv2d conv) {
        Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
        into.add(new Unit(conv, next instanceof Layer.BatchNorm bn ? bn : null));
      }
    }
    return into;
  }

  private void convolutions(List<Unit> units) throws InvalidInputException {
    List<OnnxStructure.Conv> convs = structure.convs();
    for (int i = 0; i < Math.min(units.size(), convs.size()); i++) {
      convolution(units.get(i), convs.get(i));
    }
    if (convs.size() > units.size()) {
      OnnxStructure.Conv extra = convs.get(units.size());
      throw mismatch(graph.head(), headShape(), label(extra), dims(extra.weight()));
    }
    if (convs.size() < units.size()) {
      Unit missing = units.get(convs.size());
      throw mismatch(
          missing.conv().name(), kernelShape(missing.conv()), "no convolution", List.of());
    }
  }

  private void convolution(Unit unit, OnnxStructure.Conv conv) throws InvalidInputException {
    Layer.Conv2d ours = unit.conv();
    List<Long> shape = kernelShape(ours);
    if (conv.weight() == null || !conv.weight().dims().equals(shape)) {
      throw mismatch(ours.name(), shape, label(conv), dims(conv.weight()));
    }
    if (!conv.strides().stream().allMatch(s -> s == ours.stride())
        || !conv.pads().stream().allMatch(p -> p == ours.padding())) {
      throw OnnxImportMessages.notAResnet(
          file,
          label(conv)
              + " has strides "
              + conv.strides()
              + " and pads "
              + conv.pads()
              + " where "
              + ours.name()
              + " has stride "
              + ours.stride()
              + " and padding "
              + ours.padding(),
          graph);
    }
    put(ours.name() + ".weight", conv.weight().floats(), true);
    if (unit.bn() != null) {
      batchNorm(unit.bn(), conv);
    }
  }

  /**
   * Batch norm values: the file's own (epsilon difference folded into the variance, a conv bias
   * into the mean), or for a folded convolution a batch norm that adds the bias and else passes
   * values through (scale 1, mean 0, variance 1 - epsilon so that sqrt(variance + epsilon) = 1).
   */
  private void batchNorm(Layer.BatchNorm bn, OnnxStructure.Conv conv) throws InvalidInputException {
    int n = bn.channels();
    float[] bias = conv.bias() == null ? new float[n] : vector(conv.bias(), n, bn.name() + ".beta");
    String name = bn.name();
    OnnxStructure.BatchNorm theirs = conv.bn();
    if (theirs == null) {
      put(name + ".gamma", filled(n, 1f), true);
      put(name + ".beta", bias, true);
      put(name + ".runningMean", new float[n], false);
      put(name + ".runningVar", filled(n, 1f - EPSILON), false);
      return;
    }
    float[] mean = vector(theirs.mean(), n, name + ".runningMean");
    float[] var = vector(theirs.var(), n, name + ".runningVar");
    for (int c = 0; c < n; c++) {
      mean[c] -= bias[c];
      var[c] += theirs.epsilon() - EPSILON;
    }
    put(name + ".gamma", vector(theirs.scale(), n, name + ".gamma"), true);
    put(name + ".beta", vector(theirs.shift(), n, name + ".beta"), true);
    put(name + ".runningMean", mean, false);
    put(name + ".runningVar", var, false);
  }

  /** Copies the head when it fits and is wanted; returns whether it was copied. */
  private boolean head(boolean reinit) throws InvalidInputException {
    OnnxStructure.Head head = structure.head();
    if (head == null || head.weight() == null || head.weight().dims().size() != 2) {
      throw OnnxImportMessages.notAResnet(file, "it has no fully connected (Gemm) head", graph);
    }
    Layer.Linear fc = (Layer.Linear) graph.layers().get(graph.layers().size() - 1);
    if (head.features() != fc.in()) {
      throw mismatch(fc.name(), headShape(), "Gemm " + head.weight().name(), head.weight().dims());
    }
    if (reinit || head.classes() != fc.out()) {
      return false;
    }
    float[] weight = head.weight().floats();
    put(
        fc.name() + ".weight",
        head.transposed() ? weight : transpose(weight, fc.in(), fc.out()),
        true);
    put(
        fc.name() + ".bias",
        head.bias() == null
            ? new float[fc.out()]
            : vector(head.bias(), fc.out(), fc.name() + ".bias"),
        true);
    return true;
  }

  private void write(ParameterList parameters) {
    try (NDManager scratch = Engines.pytorch().newBaseManager()) {
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        NDArray target = parameters.get(e.getKey()).getArray();
        NDArray source = scratch.create(e.getValue(), target.getShape());
        source.copyTo(target);
      }
    }
  }

  private void put(String name, float[] array, boolean trainable) {
    values.put(name, array);
    copied += trainable ? array.length : 0;
  }

  private float[] vector(OnnxModel.Tensor tensor, int n, String ours) throws InvalidInputException {
    if (tensor == null || tensor.size() != n) {
      throw mismatch(
          ours, List.of((long) n), tensor == null ? "no initializer" : tensor.name(), dims(tensor));
    }
    return tensor.floats();
  }

  private InvalidInputException mismatch(
      String ours, List<Long> ourShape, String theirs, List<Long> theirShape) {
    return OnnxImportMessages.mismatch(
        file,
        graph,
        ours,
        ourShape,
        theirs,
        theirShape,
        fileArchitecture,
        structure.convs().size(),
        ourConvs);
  }

  private List<Long> headShape() {
    Layer.Linear fc = (Layer.Linear) graph.layers().get(graph.layers().size() - 1);
    return List.of((long) fc.out(), (long) fc.in());
  }

  private static List<Long> kernelShape(Layer.Conv2d conv) {
    return List.of((long) conv.out(), (long) conv.in(), (long) conv.kernel(), (long) conv.kernel());
  }

  private static String label(OnnxStructure.Conv conv) {
    return "convolution "
        + conv.index()
        + (conv.weight() == null ? "" : " (" + conv.weight().name() + ")");
  }

  private static List<Long> dims(OnnxModel.Tensor tensor) {
    return tensor == null ? List.of() : tensor.dims();
  }

  private static float[] filled(int n, float value) {
    float[] array = new float[n];
    Arrays.fill(array, value);
    return array;
  }

  /** {@code (rows, cols)} row-major to {@code (cols, rows)}. */
  private static float[] transpose(float[] values, int rows, int cols) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = values[r * cols + c];
      }
    }
    return out;
  }
}
