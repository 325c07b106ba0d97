package dev.mlops.core.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * One layer of a {@link LayerGraph}. Every hyperparameter is a record component, so the DJL block
 * and the ONNX graph can both be built from the description alone. Layers with parameters carry a
 * name that is unique in the graph (for example {@code stage2.block1.conv1}); their parameters are
 * named {@code <layer>.<parameter>} ({@code stage2.block1.conv1.weight}).
 *
 * <p>Tensors are NCHW. Pooling and convolution sizes round down (no ceil mode), as in PyTorch.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Layer.Conv2d.class, name = "conv2d"),
  @JsonSubTypes.Type(value = Layer.BatchNorm.class, name = "batchNorm"),
  @JsonSubTypes.Type(value = Layer.Relu.class, name = "relu"),
  @JsonSubTypes.Type(value = Layer.MaxPool.class, name = "maxPool"),
  @JsonSubTypes.Type(value = Layer.AvgPool.class, name = "avgPool"),
  @JsonSubTypes.Type(value = Layer.Residual.class, name = "residual"),
  @JsonSubTypes.Type(value = Layer.GlobalAvgPool.class, name = "globalAvgPool"),
  @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
  @JsonSubTypes.Type(value = Layer.Linear.class, name = "linear"),
  @JsonSubTypes.Type(value = Layer.Dropout.class, name = "dropout")
})
public sealed interface Layer {

  /**
   * A square 2-D convolution, weight shape {@code (out, in, kernel, kernel)}, dilation 1, one
   * group.
   *
   * @param name unique layer name
   * @param in input channels
   * @param out output channels
   * @param kernel kernel height and width
   * @param stride stride in both directions
   * @param padding zero padding on every side
   * @param bias whether the layer adds a bias of shape {@code (out)}
   */
  record Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean bias)
      implements Layer {
    /** Validates the sizes. */
    public Conv2d {
      requirePositive(name, "in", in);
      requirePositive(name, "out", out);
      requirePositive(name, "kernel", kernel);
      requirePositive(name, "stride", stride);
      requireNonNegative(name, "padding", padding);
    }
  }

  /**
   * Batch normalisation over the channel axis with learned scale ({@code gamma}) and shift ({@code
   * beta}) and running mean and variance. Uses PyTorch's conventions: epsilon {@link #EPSILON},
   * running statistics updated with momentum {@link #MOMENTUM} ({@code new = (1 - m) * old + m *
   * batch}).
   *
   * @param name unique layer name
   * @param channels channels normalised
   */
  record BatchNorm(String name, int channels) implements Layer {
    /** Added to the variance before the square root. */
    public static final double EPSILON = 1e-5;

    /** Weight of the current batch in the running statistics (PyTorch's {@code momentum}). */
    public static final double MOMENTUM = 0.1;

    /** Validates the size. */
    public BatchNorm {
      requirePositive(name, "channels", channels);
    }
  }

  /** Element-wise {@code max(0, x)}. */
  record Relu() implements Layer {}

  /**
   * Max pooling over square windows; padded cells never win.
   *
   * @param kernel window height and width
   * @param stride stride in both directions
   * @param padding implicit padding on every side
   */
  record MaxPool(int kernel, int stride, int padding) implements Layer {
    /** Validates the sizes. */
    public MaxPool {
      requirePositive("maxPool", "kernel", kernel);
      requirePositive("maxPool", "stride", stride);
      requireNonNegative("maxPool", "padding", padding);
    }
  }

  /**
   * Average pooling over square windows. Padded cells count in the average (PyTorch's {@code
   * count_include_pad=True}; ONNX {@code count_include_pad=1}).
   *
   * @param kernel window height and width
   * @param stride stride in both directions
   * @param padding implicit zero padding on every side
   */
  record AvgPool(int kernel, int stride, int padding) implements Layer {
    /** Validates the sizes. */
    public AvgPool {
      requirePositive("avgPool", "kernel", kernel);
      requirePositive("avgPool", "stride", stride);
      requireNonNegative("avgPool", "padding", padding);
    }
  }

  /**
   * {@code body(x) + shortcut(x)}. The activation after the addition is the next layer of the
   * enclosing list, not part of this one.
   *
   * @param body the main branch
   * @param shortcut the projection branch; empty means the identity
   */
  record Residual(List<Layer> body, List<Layer> shortcut) implements Layer {
    /** Copies the lists; the body must not be empty. */
    public Residual {
      body = List.copyOf(body);
      shortcut = List.copyOf(shortcut);
      if (body.isEmpty()) {
        throw new IllegalArgumentException("a residual layer needs a non-empty body");
      }
    }
  }

  /** Mean over height and width: {@code (N, C, H, W) -> (N, C)}. */
  record GlobalAvgPool() implements Layer {}

  /** {@code (N, ...) -> (N, product of the rest)}; a no-op on {@code (N, C)}. */
  record Flatten() implements Layer {}

  /**
   * A fully connected layer with bias: weight shape {@code (out, in)}, bias {@code (out)}.
   *
   * @param name unique layer name
   * @param in input features
   * @param out output features
   */
  record Linear(String name, int in, int out) implements Layer {
    /** Validates the sizes. */
    public Linear {
      requirePositive(name, "in", in);
      requirePositive(name, "out", out);
    }
  }

  /**
   * Zeroes each element with probability {@code rate} during training and scales the rest by {@code
   * 1 / (1 - rate)}; the identity at inference.
   *
   * @param rate drop probability in {@code [0, 1)}
   */
  record Dropout(double rate) implements Layer {
    /** Validates the rate. */
    public Dropout {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
      }
    }
  }

  private static void requirePositive(String layer, String field, int value) {
    Objects.requireNonNull(layer, "layer name");
    if (value < 1) {
      throw new IllegalArgumentException(layer + ": " + field + " must be >= 1, got " + value);
    }
  }

  private static void requireNonNegative(String layer, String field, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(layer + ": " + field + " must be >= 0, got " + value);
    }
  }
}
