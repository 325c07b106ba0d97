package dev.mlops.core.model;

import java.util.List;

/**
 * One parameter array that a {@link LayerGraph} implies, in the order the DJL block stores it.
 *
 * @param name {@code <layer>.<parameter>}, for example {@code stem.bn.runningMean}
 * @param shape the array's dimensions
 * @param trainable false for batch-norm running statistics, which are updated but not learned
 */
public record ParameterSpec(String name, List<Long> shape, boolean trainable) {
  /** Copies the shape. */
  public ParameterSpec {
    shape = List.copyOf(shape);
  }

  /** Number of scalars in the array. */
  public long size() {
    long size = 1;
    for (long dimension : shape) {
      size *= dimension;
    }
    return size;
  }
}
