package dev.mlops.core.model;

/**
 * The DJL block of a {@link LayerGraph}, built by {@link DjlModels#block}. It keeps the graph it
 * was built from, so code that receives the block (warm start, saving) knows its structure without
 * inspecting DJL internals. Parameters are named {@code <layer>.<parameter>} as in {@link
 * LayerGraph#parameters()}.
 */
public final class GraphBlock extends SequenceBlock {
  private final LayerGraph graph;

  GraphBlock(LayerGraph graph) {
    this.graph = graph;
  }

  /** The description this block was built from. */
  public LayerGraph graph() {
    return graph;
  }
}
