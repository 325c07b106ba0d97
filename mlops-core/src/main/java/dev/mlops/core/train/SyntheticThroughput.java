package dev.mlops.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.GraphBlock;
import dev.mlops.core.model.LayerGraph;
import java.util.Locale;

/**
 * The engine's training speed without our data pipeline: forward, backward and update of an
 * architecture on one random batch that stays in memory, through the same step code as {@link
 * ModelTrainer}. The ratio of a real run's images/s to this number is the cost of decoding,
 * augmenting and batching that the loader did not hide.
 */
public final class SyntheticThroughput {
  private SyntheticThroughput() {}

  /** What is measured per step. */
  public enum Mode {
    /** Forward, backward and update of every weight (training from scratch). */
    FULL,
    /**
     * Forward, then backward and update of the head only ({@code freezeBackbone}): the backbone
     * records no gradient graph.
     */
    FROZEN_BACKBONE,
    /** Forward in inference mode only: the floor frozen training approaches. */
    FORWARD_ONLY;

    String describe() {
      return switch (this) {
        case FULL -> "full training";
        case FROZEN_BACKBONE -> "backbone frozen";
        case FORWARD_ONLY -> "forward only";
      };
    }
  }

  /**
   * A measurement.
   *
   * @param architecture the architecture measured
   * @param inputSize image width and height
   * @param channels image channels
   * @param batchSize images per step
   * @param threads engine compute threads
   * @param steps measured steps (after warm-up)
   * @param seconds wall time of the measured steps
   * @param imagesPerSecond {@code steps * batchSize / seconds}
   * @param mode what each step did
   * @param phases milliseconds per measured step by part (zero for {@link Mode#FORWARD_ONLY})
   */
  public record Result(
      String architecture,
      int inputSize,
      int channels,
      int batchSize,
      int threads,
      int steps,
      double seconds,
      double imagesPerSecond,
      Mode mode,
      Phases phases) {
    /** One line for logs and benchmark tables. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "%s %dx%dx%d batch %d, %d threads: %.1f img/s (%d steps in %.2f s, synthetic, %s)",
          architecture,
          channels,
          inputSize,
          inputSize,
          batchSize,
          threads,
          imagesPerSecond,
          steps,
          seconds,
          mode.describe());
    }
  }

  /**
   * Where a training step's time goes, in milliseconds per step.
   *
   * @param forward the forward pass and the loss, recording the gradient graph
   * @param backward the backward pass
   * @param update the optimizer's update of every weight and zeroing of the gradients
   * @param other the rest: the step's arrays created, read back (loss, correct count) and freed
   */
  public record Phases(double forward, double backward, double update, double other) {
    /** One line for logs and benchmark tables. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "forward %.2f ms, backward %.2f ms, update %.2f ms, other %.2f ms",
          forward,
          backward,
          update,
          other);
    }
  }

  /**
   * Measures {@code steps} Adam steps after {@code warmupSteps} unmeasured ones (the first steps
   * are slow while the engine allocates and selects kernels).
   *
   * @throws InvalidInputException for an unknown architecture or an input size it cannot take
   */
  public static Result measure(
      String architecture,
      int inputSize,
      int channels,
      int batchSize,
      int threads,
      int warmupSteps,
      int steps)
      throws InvalidInputException {
    return measure(
        architecture, inputSize, channels, batchSize, threads, warmupSteps, steps, Mode.FULL);
  }

  /**
   * Measures {@code steps} steps of {@code mode} after {@code warmupSteps} unmeasured ones.
   *
   * @throws InvalidInputException for an unknown architecture or an input size it cannot take
   */
  public static Result measure(
      String architecture,
      int inputSize,
      int channels,
      int batchSize,
      int threads,
      int warmupSteps,
      int steps,
      Mode mode)
      throws InvalidInputException {
    LayerGraph graph = Architectures.create(architecture, 2, channels, inputSize);
    synchronized (TrainingRun.ENGINE_LOCK) {
      return measure(graph, batchSize, threads, warmupSteps, steps, mode);
    }
  }

  private static Result measure(
      LayerGraph graph, int batchSize, int threads, int warmupSteps, int steps, Mode mode) {
    int channels = graph.channels();
    int inputSize = graph.inputSize();
    Engine engine = ComputeThreads.engine(threads);
    try (NDManager manager = engine.newBaseManager();
        ParameterUpdater updater = ParameterUpdater.create(TrainingConfig.defaults(), manager)) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, channels, inputSize, TrainingConfig.DEFAULT_SEED);
      Learner learner =
          new Learner(engine, block, manager, updater, new Shape(channels, inputSize, inputSize));
      learner.freezeBackbone(mode == Mode.FROZEN_BACKBONE, 1);
      Engines.seed(TrainingConfig.DEFAULT_SEED);
      NDArray input = manager.randomNormal(new Shape(batchSize, channels, inputSize, inputSize));
      NDArray labels =
          manager.randomInteger(0, graph.numClasses(), new Shape(batchSize), DataType.INT64);
      for (int i = 0; i < warmupSteps; i++) {
        step(learner, input, labels, mode);
      }
      long[] before = learner.phaseNanos();
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step(learner, input, labels, mode);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] after = learner.phaseNanos();
      double[] ms = new double[3];
      for (int k = 0; k < 3; k++) {
        ms[k] = (after[k] - before[k]) / 1e6 / steps;
      }
      double other = Math.max(0, seconds * 1e3 / steps - ms[0] - ms[1] - ms[2]);
      return new Result(
          graph.architecture(),
          inputSize,
          channels,
          batchSize,
          threads,
          steps,
          seconds,
          steps * (double) batchSize / seconds,
          mode,
          new Phases(ms[0], ms[1], ms[2], other));
    }
  }

  private static void step(Learner learner, NDArray input, NDArray labels, Mode mode) {
    if (mode == Mode.FORWARD_ONLY) {
      learner.evaluate(input, labels);
    } else {
      learner.train(input, labels, 0.001);
    }
  }
}
