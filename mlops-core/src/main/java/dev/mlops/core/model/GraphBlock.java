package dev.mlops.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL block of a {@link LayerGraph}, built by {@link DjlModels#block}. It keeps the graph it
 * was built from, so code that receives the block (warm start, saving) knows its structure without
 * inspecting DJL internals. Parameters are named {@code <layer>.<parameter>} as in {@link
 * LayerGraph#parameters()}.
 *
 * <p>With the backbone frozen ({@link #freezeBackbone}), every layer with parameters except the
 * head runs in inference mode even in a training forward pass: batch norms normalise with their
 * running statistics and leave them unchanged. Layers without parameters (dropout) keep the
 * training behaviour, as PyTorch's {@code requires_grad_(False)} on a backbone leaves them.
 */
public final class GraphBlock extends SequenceBlock {
  private final LayerGraph graph;

  /** Per child: runs in inference mode in a training pass; null when the backbone trains. */
  private boolean[] frozenChildren;

  GraphBlock(LayerGraph graph) {
    this.graph = graph;
  }

  /** The description this block was built from. */
  public LayerGraph graph() {
    return graph;
  }

  /**
   * Runs the backbone (every layer with parameters except {@link LayerGraph#head()}) in inference
   * mode from now on, or in the mode of each forward call again. Freezing the weights themselves
   * (no gradient, no update) is the training loop's part.
   */
  public void freezeBackbone(boolean frozen) {
    if (!frozen) {
      frozenChildren = null;
      return;
    }
    frozenChildren = new boolean[children.size()];
    for (int i = 0; i < frozenChildren.length; i++) {
      frozenChildren[i] =
          !children.keyAt(i).equals(graph.head()) && !children.valueAt(i).getParameters().isEmpty();
    }
  }

  /** Whether {@link #freezeBackbone} is on. */
  public boolean backboneFrozen() {
    return frozenChildren != null;
  }

  /** Whether parameter {@code name} ({@code <layer>.<parameter>}) belongs to the head. */
  public boolean isHeadParameter(String name) {
    return name.startsWith(graph.head() + ".");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    boolean[] frozen = frozenChildren;
    if (frozen == null || !training) {
      return super.forwardInternal(parameterStore, inputs, training, params);
    }
    NDList current = inputs;
    for (int i = 0; i < frozen.length; i++) {
      current = children.valueAt(i).forward(parameterStore, current, !frozen[i], params);
    }
    return current;
  }
}
