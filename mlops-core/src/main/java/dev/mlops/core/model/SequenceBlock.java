package dev.mlops.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Runs its children in order. Unlike DJL's {@code SequentialBlock} it keeps the child names it is
 * given, so parameters are named after the layers of the graph ({@code stage1.block1.conv1.weight})
 * instead of by position and class name.
 */
class SequenceBlock extends AbstractBlock {

  /** Adds {@code block} under {@code key}; a layer's name for blocks with parameters. */
  final void add(String key, Block block) {
    children.add(key, block);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList current = inputs;
    for (Block child : children.values()) {
      current = child.forward(parameterStore, current, training, params);
    }
    return current;
  }

  /** Runs the first {@code count} children in inference mode. */
  final NDList forwardFirst(ParameterStore parameterStore, NDList inputs, int count) {
    return forwardRange(parameterStore, inputs, 0, count);
  }

  /** Runs children {@code from} (inclusive) to {@code to} (exclusive) in inference mode. */
  final NDList forwardRange(ParameterStore parameterStore, NDList inputs, int from, int to) {
    NDList current = inputs;
    for (Block child : children.values().subList(from, to)) {
      current = child.forward(parameterStore, current, false, null);
    }
    return current;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] current = inputShapes;
    for (Block child : children.values()) {
      child.initialize(manager, dataType, current);
      current = child.getOutputShapes(current);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] current = inputShapes;
    for (Block child : children.values()) {
      current = child.getOutputShapes(current);
    }
    return current;
  }

  @Override
  public ParameterList getParameters() {
    return namedParameters(children);
  }

  /**
   * Parameters of {@code children} named {@code <layer>.<parameter>}. Layer names are unique in the
   * whole graph, so nested sequences and residual branches add no prefix of their own.
   */
  static ParameterList namedParameters(PairList<String, Block> children) {
    ParameterList all = new ParameterList();
    for (Pair<String, Block> child : children) {
      Block block = child.getValue();
      boolean container = block instanceof SequenceBlock || block instanceof ResidualBlock;
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        String key = container ? parameter.getKey() : child.getKey() + "." + parameter.getKey();
        all.add(key, parameter.getValue());
      }
    }
    return all;
  }
}
