package dev.mlops.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code body(x) + shortcut(x)}, the shortcut being the identity when absent. */
final class ResidualBlock extends AbstractBlock {
  private final SequenceBlock body;
  private final SequenceBlock shortcut;

  /**
   * @param body the main branch
   * @param shortcut the projection branch, or null for the identity
   */
  ResidualBlock(SequenceBlock body, SequenceBlock shortcut) {
    this.body = body;
    this.shortcut = shortcut;
    children.add("body", body);
    if (shortcut != null) {
      children.add("shortcut", shortcut);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray main = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
    NDArray skip =
        shortcut == null
            ? inputs.singletonOrThrow()
            : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
    return new NDList(main.add(skip));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    body.initialize(manager, dataType, inputShapes);
    if (shortcut != null) {
      shortcut.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return body.getOutputShapes(inputShapes);
  }

  @Override
  public ParameterList getParameters() {
    return SequenceBlock.namedParameters(children);
  }
}
