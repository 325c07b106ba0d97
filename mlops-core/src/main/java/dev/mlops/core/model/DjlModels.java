package dev.mlops.core.model;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import dev.mlops.core.Engines;
import java.util.List;

/**
 * Builds and initialises DJL blocks from {@link LayerGraph}s. The block is made from the graph
 * alone, one DJL block per layer, so the graph stays the single description of the model.
 */
public final class DjlModels {
  /** Serialises seeded initialisation: the engine's generator is shared by the whole process. */
  private static final Object RANDOM_LOCK = new Object();

  private DjlModels() {}

  /**
   * Builds the uninitialised block of {@code graph}. Convolution weights are initialised as
   * torchvision does for ResNet (He normal, fan out), linear weights uniform in {@code
   * ±1/sqrt(in)}, biases and batch-norm shifts 0, batch-norm scales 1.
   */
  public static GraphBlock block(LayerGraph graph) {
    GraphBlock block = new GraphBlock(graph);
    addLayers(block, graph.layers());
    return block;
  }

  /**
   * Creates the arrays of {@code block} in {@code manager} from the engine's generator seeded with
   * {@code seed}: the same seed gives byte-identical parameters. Parameters that already hold
   * arrays (loaded weights) are left alone.
   *
   * @param manager owns the arrays for the block's lifetime, usually {@link Model#getNDManager()}
   */
  public static void initialize(
      Block block, NDManager manager, int channels, int inputSize, long seed) {
    synchronized (RANDOM_LOCK) {
      Engines.seed(seed);
      block.initialize(manager, DataType.FLOAT32, inputShape(channels, inputSize, 1));
    }
  }

  /**
   * Creates a PyTorch {@link Model} holding the (uninitialised) block of {@code graph}. Close it to
   * free the parameters.
   */
  public static Model newModel(LayerGraph graph) {
    Model model =
        Model.newInstance(graph.architecture(), Engines.pytorch().defaultDevice(), Engines.PYTORCH);
    model.setBlock(block(graph));
    return model;
  }

  /** The NCHW shape of a batch of {@code batchSize} inputs. */
  public static Shape inputShape(int channels, int inputSize, int batchSize) {
    return new Shape(batchSize, channels, inputSize, inputSize);
  }

  /**
   * Learned scalars of an initialised (or loaded) block: arrays that take gradients, which leaves
   * out batch-norm running statistics. Equals {@link LayerGraph#parameterCount()} for the graph's
   * block.
   */
  public static long parameterCount(Block block) {
    long count = 0;
    for (Parameter parameter : block.getParameters().values()) {
      if (parameter.requiresGradient()) {
        count += parameter.getArray().getShape().size();
      }
    }
    return count;
  }

  private static void addLayers(SequenceBlock sequence, List<Layer> layers) {
    int index = 0;
    for (Layer layer : layers) {
      index++;
      sequence.add(key(layer, index), toBlock(layer));
    }
  }

  /** Child keys: the layer name where there are parameters, else position and kind. */
  private static String key(Layer layer, int index) {
    if (layer instanceof Layer.Conv2d conv) {
      return conv.name();
    } else if (layer instanceof Layer.BatchNorm bn) {
      return bn.name();
    } else if (layer instanceof Layer.Linear linear) {
      return linear.name();
    }
    return String.format(java.util.Locale.ROOT, "%02d-%s", index, kind(layer));
  }

  private static String kind(Layer layer) {
    String simple = layer.getClass().getSimpleName();
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  private static Block toBlock(Layer layer) {
    if (layer instanceof Layer.Conv2d conv) {
      return conv(conv);
    } else if (layer instanceof Layer.BatchNorm) {
      return ai.djl.nn.norm.BatchNorm.builder()
          .optEpsilon((float) Layer.BatchNorm.EPSILON)
          .optMomentum((float) (1 - Layer.BatchNorm.MOMENTUM)) // DJL weighs the old value
          .build();
    } else if (layer instanceof Layer.Relu) {
      return Activation.reluBlock();
    } else if (layer instanceof Layer.MaxPool pool) {
      return Pool.maxPool2dBlock(
          square(pool.kernel()), square(pool.stride()), square(pool.padding()), false);
    } else if (layer instanceof Layer.AvgPool pool) {
      return Pool.avgPool2dBlock(
          square(pool.kernel()), square(pool.stride()), square(pool.padding()), false, true);
    } else if (layer instanceof Layer.Residual residual) {
      return residual(residual);
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return Pool.globalAvgPool2dBlock();
    } else if (layer instanceof Layer.Flatten) {
      return Blocks.batchFlattenBlock();
    } else if (layer instanceof Layer.Linear linear) {
      return linear(linear);
    } else if (layer instanceof Layer.Dropout dropout) {
      return ai.djl.nn.norm.Dropout.builder().optRate((float) dropout.rate()).build();
    }
    throw new IllegalArgumentException("no DJL block for " + layer);
  }

  private static Block conv(Layer.Conv2d conv) {
    Block block =
        ai.djl.nn.convolutional.Conv2d.builder()
            .setFilters(conv.out())
            .setKernelShape(square(conv.kernel()))
            .optStride(square(conv.stride()))
            .optPadding(square(conv.padding()))
            .optBias(conv.bias())
            .build();
    block.setInitializer(heNormalFanOut(), Parameter.Type.WEIGHT);
    return block;
  }

  private static Block linear(Layer.Linear linear) {
    Block block = ai.djl.nn.core.Linear.builder().setUnits(linear.out()).optBias(true).build();
    block.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1), "weight");
    return block;
  }

  /** torchvision's {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}. */
  private static Initializer heNormalFanOut() {
    return new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2);
  }

  private static Block residual(Layer.Residual residual) {
    SequenceBlock body = new SequenceBlock();
    addLayers(body, residual.body());
    SequenceBlock shortcut = null;
    if (!residual.shortcut().isEmpty()) {
      shortcut = new SequenceBlock();
      addLayers(shortcut, residual.shortcut());
    }
    return new ResidualBlock(body, shortcut);
  }

  private static Shape square(int size) {
    return new Shape(size, size);
  }
}
