package dev.mlops.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of an ONNX classifier in structural order: every {@code Conv} in node order, each
 * with the {@code BatchNormalization} consuming its output if there is one, then the last {@code
 * Gemm} as the head. Tensor names are resolved through {@code Identity} nodes (PyTorch's exporter
 * de-duplicates equal initializers and re-uses them through Identity) and {@code Constant} nodes.
 *
 * @param convs the convolutions in file order
 * @param head the final fully connected layer, or null when the file has no Gemm
 */
record OnnxStructure(List<Conv> convs, Head head) {

  /**
   * One convolution.
   *
   * @param index 1-based position among the file's convolutions
   * @param weight the kernel, {@code (out, in, k, k)}
   * @param bias the bias, or null
   * @param strides the {@code strides} attribute (empty = 1)
   * @param pads the {@code pads} attribute (empty = 0)
   * @param bn the batch norm applied to the output, or null (folded into weight and bias)
   */
  record Conv(
      int index,
      OnnxModel.Tensor weight,
      OnnxModel.Tensor bias,
      List<Long> strides,
      List<Long> pads,
      BatchNorm bn) {}

  /** A batch norm's arrays and epsilon. */
  record BatchNorm(
      OnnxModel.Tensor scale,
      OnnxModel.Tensor shift,
      OnnxModel.Tensor mean,
      OnnxModel.Tensor var,
      float epsilon) {}

  /**
   * The head.
   *
   * @param weight {@code (out, in)} when {@code transposed}, else {@code (in, out)}
   * @param bias {@code (out)}, or null
   * @param transposed Gemm's {@code transB}
   */
  record Head(OnnxModel.Tensor weight, OnnxModel.Tensor bias, boolean transposed) {
    long classes() {
      return weight.dims().get(transposed ? 0 : 1);
    }

    long features() {
      return weight.dims().get(transposed ? 1 : 0);
    }
  }

  /** Walks {@code model}'s nodes; a tensor that cannot be resolved to an initializer is null. */
  static OnnxStructure of(OnnxModel model) {
    Map<String, String> aliases = new HashMap<>();
    Map<String, OnnxModel.Tensor> tensors = new HashMap<>(model.initializers());
    Map<String, OnnxModel.Node> batchNorms = new HashMap<>();
    for (OnnxModel.Node node : model.nodes()) {
      if (node.outputs().isEmpty()) {
        continue;
      }
      if (node.opType().equals("Identity") && !node.inputs().isEmpty()) {
        aliases.put(node.outputs().get(0), node.inputs().get(0));
      } else if (node.opType().equals("Constant") && node.attrs().containsKey("value")) {
        tensors.put(node.outputs().get(0), node.attrs().get("value").t());
      } else if (node.opType().equals("BatchNormalization") && !node.inputs().isEmpty()) {
        batchNorms.put(resolve(aliases, node.inputs().get(0)), node);
      }
    }
    List<Conv> convs = new ArrayList<>();
    Head head = null;
    for (OnnxModel.Node node : model.nodes()) {
      List<String> in = node.inputs();
      if (node.opType().equals("Conv") && in.size() >= 2 && !node.outputs().isEmpty()) {
        OnnxModel.Node bn = batchNorms.get(node.outputs().get(0));
        convs.add(
            new Conv(
                convs.size() + 1,
                tensor(tensors, aliases, in, 1),
                tensor(tensors, aliases, in, 2),
                node.intsAttr("strides"),
                node.intsAttr("pads"),
                bn == null ? null : batchNorm(bn, tensors, aliases)));
      } else if (node.opType().equals("Gemm") && in.size() >= 2) {
        head =
            new Head(
                tensor(tensors, aliases, in, 1),
                tensor(tensors, aliases, in, 2),
                node.intAttr("transB", 0) == 1);
      }
    }
    return new OnnxStructure(convs, head);
  }

  /** Whether every convolution carries its batch norm in its weights (eval-mode export). */
  long foldedCount() {
    return convs.stream().filter(c -> c.bn() == null).count();
  }

  private static BatchNorm batchNorm(
      OnnxModel.Node bn, Map<String, OnnxModel.Tensor> tensors, Map<String, String> aliases) {
    OnnxModel.Attr epsilon = bn.attrs().get("epsilon");
    List<String> in = bn.inputs();
    return new BatchNorm(
        tensor(tensors, aliases, in, 1),
        tensor(tensors, aliases, in, 2),
        tensor(tensors, aliases, in, 3),
        tensor(tensors, aliases, in, 4),
        epsilon == null ? 1e-5f : epsilon.f());
  }

  private static OnnxModel.Tensor tensor(
      Map<String, OnnxModel.Tensor> tensors,
      Map<String, String> aliases,
      List<String> inputs,
      int index) {
    if (index >= inputs.size() || inputs.get(index).isEmpty()) {
      return null;
    }
    return tensors.get(resolve(aliases, inputs.get(index)));
  }

  private static String resolve(Map<String, String> aliases, String name) {
    String current = name;
    for (int hops = 0; aliases.containsKey(current) && hops < 1000; hops++) {
      current = aliases.get(current);
    }
    return current;
  }
}
