package dev.mlops.core.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks a layer list once: checks that every layer fits the tensor it receives, that layer names
 * are unique and well formed, and lists the parameters in the order the DJL block holds them.
 */
final class GraphShapes {
  private static final Pattern LAYER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** A tensor's shape without the batch axis; {@code flat} after global pooling or flattening. */
  private record Tensor(int channels, int height, int width, boolean flat) {
    long features() {
      return flat ? channels : (long) channels * height * width;
    }

    @Override
    public String toString() {
      return flat
          ? "(N, " + channels + ")"
          : "(N, " + channels + ", " + height + ", " + width + ")";
    }
  }

  private final List<ParameterSpec> parameters = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  private GraphShapes() {}

  /**
   * Checks a graph's layers for an input of {@code channels x inputSize x inputSize} and returns
   * their parameters.
   *
   * @throws IllegalArgumentException naming the first layer that does not fit
   */
  static List<ParameterSpec> check(
      String architecture, int channels, int inputSize, int numClasses, List<Layer> layers) {
    GraphShapes walker = new GraphShapes();
    Tensor output = walker.walk(layers, new Tensor(channels, inputSize, inputSize, false));
    if (!output.flat() || output.channels() != numClasses) {
      throw new IllegalArgumentException(
          architecture
              + ": the last layer must give (N, "
              + numClasses
              + ") class scores, but gives "
              + output);
    }
    return List.copyOf(walker.parameters);
  }

  private Tensor walk(List<Layer> layers, Tensor in) {
    Tensor current = in;
    for (Layer layer : layers) {
      current = apply(layer, current);
    }
    return current;
  }

  private Tensor apply(Layer layer, Tensor in) {
    if (layer instanceof Layer.Conv2d conv) {
      return conv(conv, in);
    } else if (layer instanceof Layer.BatchNorm bn) {
      register(bn.name());
      requireChannels(bn.name(), in, bn.channels());
      add(bn.name(), "gamma", true, bn.channels());
      add(bn.name(), "beta", true, bn.channels());
      add(bn.name(), "runningMean", false, bn.channels());
      add(bn.name(), "runningVar", false, bn.channels());
      return in;
    } else if (layer instanceof Layer.MaxPool pool) {
      requirePoolPadding("maxPool", pool.kernel(), pool.padding());
      return window("maxPool", in, pool.kernel(), pool.stride(), pool.padding(), in.channels());
    } else if (layer instanceof Layer.AvgPool pool) {
      requirePoolPadding("avgPool", pool.kernel(), pool.padding());
      return window("avgPool", in, pool.kernel(), pool.stride(), pool.padding(), in.channels());
    } else if (layer instanceof Layer.Residual residual) {
      return residual(residual, in);
    } else if (layer instanceof Layer.GlobalAvgPool) {
      requireSpatial("globalAvgPool", in);
      return new Tensor(in.channels(), 1, 1, true);
    } else if (layer instanceof Layer.Flatten) {
      return new Tensor(Math.toIntExact(in.features()), 1, 1, true);
    } else if (layer instanceof Layer.Linear linear) {
      register(linear.name());
      if (!in.flat() || in.channels() != linear.in()) {
        throw new IllegalArgumentException(
            linear.name() + ": expects (N, " + linear.in() + ") but receives " + in);
      }
      add(linear.name(), "weight", true, linear.out(), linear.in());
      add(linear.name(), "bias", true, linear.out());
      return new Tensor(linear.out(), 1, 1, true);
    }
    return in; // Relu and Dropout keep the shape.
  }

  private Tensor conv(Layer.Conv2d conv, Tensor in) {
    register(conv.name());
    requireChannels(conv.name(), in, conv.in());
    add(conv.name(), "weight", true, conv.out(), conv.in(), conv.kernel(), conv.kernel());
    if (conv.bias()) {
      add(conv.name(), "bias", true, conv.out());
    }
    return window(conv.name(), in, conv.kernel(), conv.stride(), conv.padding(), conv.out());
  }

  private Tensor residual(Layer.Residual residual, Tensor in) {
    Tensor body = walk(residual.body(), in);
    Tensor shortcut = residual.shortcut().isEmpty() ? in : walk(residual.shortcut(), in);
    if (!body.equals(shortcut)) {
      throw new IllegalArgumentException(
          "residual: body gives " + body + " but shortcut gives " + shortcut);
    }
    return body;
  }

  private static Tensor window(
      String layer, Tensor in, int kernel, int stride, int padding, int outChannels) {
    requireSpatial(layer, in);
    int height = (in.height() + 2 * padding - kernel) / stride + 1;
    int width = (in.width() + 2 * padding - kernel) / stride + 1;
    if (in.height() + 2 * padding < kernel || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          layer
              + ": kernel "
              + kernel
              + " does not fit the input "
              + in
              + "; the image is too small");
    }
    return new Tensor(outChannels, height, width, false);
  }

  /** PyTorch and ONNX runtimes reject pooling windows that could lie wholly in the padding. */
  private static void requirePoolPadding(String layer, int kernel, int padding) {
    if (padding * 2 > kernel) {
      throw new IllegalArgumentException(
          layer + ": padding " + padding + " exceeds half the kernel " + kernel);
    }
  }

  private static void requireSpatial(String layer, Tensor in) {
    if (in.flat()) {
      throw new IllegalArgumentException(layer + ": needs (N, C, H, W) but receives " + in);
    }
  }

  private static void requireChannels(String layer, Tensor in, int channels) {
    requireSpatial(layer, in);
    if (in.channels() != channels) {
      throw new IllegalArgumentException(
          layer + ": expects " + channels + " channels but receives " + in);
    }
  }

  private void register(String layer) {
    if (!LAYER_NAME.matcher(layer).matches()) {
      throw new IllegalArgumentException(
          "layer name '" + layer + "' must match " + LAYER_NAME.pattern());
    }
    if (!names.add(layer)) {
      throw new IllegalArgumentException("layer name '" + layer + "' is used twice");
    }
  }

  private void add(String layer, String parameter, boolean trainable, long... shape) {
    List<Long> dims = new ArrayList<>();
    for (long dimension : shape) {
      dims.add(dimension);
    }
    parameters.add(new ParameterSpec(layer + "." + parameter, dims, trainable));
  }
}
