package dev.mlops.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import dev.mlops.core.model.GraphBlock;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward, backward and update of one block on batches, with as little per-batch work as the engine
 * allows: the input is created straight from the loader's float array (no copy on the Java side),
 * every intermediate array lives in one sub-manager closed after the step, and the only values read
 * back are the batch's loss and number of correct predictions.
 *
 * <p>With the backbone frozen ({@link #freezeBackbone}) only the head's arrays record gradients:
 * PyTorch then builds no backward graph through the backbone, which is where frozen training's
 * speed comes from, and the updater sees only the head.
 *
 * <p>Create it after the block's weights are final (initialised, warm-started or restored from a
 * checkpoint): loading weights replaces the parameter arrays this class holds.
 */
final class Learner {
  private final Engine engine;
  private final GraphBlock block;
  private final NDManager manager;
  private final ParameterUpdater updater;
  private final ParameterStore parameterStore;
  private final List<Pair<String, NDArray>> backbone = new ArrayList<>();
  private final List<Pair<String, NDArray>> head = new ArrayList<>();
  private boolean frozen;
  private double backboneFactor = 1;
  private final SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("loss");
  private final Shape imageShape;

  /**
   * Nanoseconds spent in forward (with the loss), backward and update over all training steps, for
   * the synthetic benchmark's per-step breakdown: three clock reads per step.
   */
  private final long[] phaseNanos = new long[3];

  /** The loss summed over a batch's images and the number it classified correctly. */
  record BatchOutcome(double lossSum, long correct, int size) {}

  Learner(
      Engine engine, GraphBlock block, NDManager manager, ParameterUpdater updater, Shape image) {
    this.engine = engine;
    this.block = block;
    this.manager = manager;
    this.updater = updater;
    this.imageShape = image;
    this.parameterStore = new ParameterStore(manager, false);
    for (Pair<String, Parameter> named : block.getParameters()) {
      Parameter parameter = named.getValue();
      if (parameter.requiresGradient()) {
        NDArray array = parameter.getArray();
        // Arrays read from a parameter file come without gradient storage.
        array.setRequiresGradient(true);
        Pair<String, NDArray> weight = new Pair<>(named.getKey(), array);
        (block.isHeadParameter(named.getKey()) ? head : backbone).add(weight);
      }
    }
  }

  /**
   * Freezes the backbone (no gradient, no update, batch norms in inference mode) or lets it train
   * at {@code factor} times the head's learning rate.
   */
  void freezeBackbone(boolean freeze, double factor) {
    if (freeze != frozen) {
      for (Pair<String, NDArray> weight : backbone) {
        weight.getValue().setRequiresGradient(!freeze);
      }
      block.freezeBackbone(freeze);
      frozen = freeze;
    }
    backboneFactor = factor;
  }

  /** One training step on {@code size} images of {@code pixels} (N*C*H*W floats). */
  BatchOutcome train(float[] pixels, int[] labels, int size, double learningRate) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = input(scope, pixels, size);
      return step(scope, x, labelArray(scope, labels, size), learningRate);
    }
  }

  /**
   * One training step on arrays that already exist (the synthetic benchmark). They are attached to
   * the step's scope while it runs, so that every intermediate array is freed with it.
   */
  BatchOutcome train(NDArray input, NDArray labels, double learningRate) {
    try (NDManager scope = manager.newSubManager()) {
      scope.tempAttachAll(input, labels);
      return step(scope, input, labels, learningRate);
    }
  }

  private BatchOutcome step(NDManager scope, NDArray x, NDArray y, double learningRate) {
    NDArray batchLoss;
    NDArray logits;
    long start = System.nanoTime();
    long forwardEnd;
    try (GradientCollector collector = engine.newGradientCollector()) {
      logits = block.forward(parameterStore, new NDList(x), true).singletonOrThrow();
      batchLoss = loss.evaluate(new NDList(y), new NDList(logits));
      forwardEnd = System.nanoTime();
      collector.backward(batchLoss);
    }
    long backwardEnd = System.nanoTime();
    updater.step(groups(learningRate), scope);
    phaseNanos[0] += forwardEnd - start;
    phaseNanos[1] += backwardEnd - forwardEnd;
    phaseNanos[2] += System.nanoTime() - backwardEnd;
    return outcome(logits, y, batchLoss);
  }

  /** Forward (with the loss), backward and update nanoseconds summed over the steps so far. */
  long[] phaseNanos() {
    return phaseNanos.clone();
  }

  /** The backbone (unless frozen) and the head, in the block's parameter order. */
  private List<ParameterUpdater.Group> groups(double learningRate) {
    ParameterUpdater.Group headGroup = new ParameterUpdater.Group(head, learningRate);
    if (frozen) {
      return List.of(headGroup);
    }
    return List.of(new ParameterUpdater.Group(backbone, learningRate * backboneFactor), headGroup);
  }

  /** {@link #evaluate(float[], int[], int)} on arrays that already exist (the benchmark). */
  BatchOutcome evaluate(NDArray input, NDArray labels) {
    try (NDManager scope = manager.newSubManager()) {
      scope.tempAttachAll(input, labels);
      NDArray logits = block.forward(parameterStore, new NDList(input), false).singletonOrThrow();
      return outcome(logits, labels, loss.evaluate(new NDList(labels), new NDList(logits)));
    }
  }

  /** The loss and correct predictions on {@code size} images in eval mode; no weight changes. */
  BatchOutcome evaluate(float[] pixels, int[] labels, int size) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray y = labelArray(scope, labels, size);
      NDArray logits =
          block
              .forward(parameterStore, new NDList(input(scope, pixels, size)), false)
              .singletonOrThrow();
      NDArray batchLoss = loss.evaluate(new NDList(y), new NDList(logits));
      return outcome(logits, y, batchLoss);
    }
  }

  private static BatchOutcome outcome(NDArray logits, NDArray labels, NDArray meanLoss) {
    NDArray hits = logits.argMax(1).eq(labels).countNonzero();
    int size = (int) labels.size();
    return new BatchOutcome((double) meanLoss.getFloat() * size, hits.getLong(), size);
  }

  private NDArray input(NDManager scope, float[] pixels, int size) {
    long perImage = imageShape.size();
    Shape shape = new Shape(size, imageShape.get(0), imageShape.get(1), imageShape.get(2));
    return scope.create(FloatBuffer.wrap(pixels, 0, (int) (perImage * size)), shape);
  }

  private static NDArray labelArray(NDManager scope, int[] labels, int size) {
    long[] values = new long[size];
    for (int i = 0; i < size; i++) {
      values[i] = labels[i];
    }
    return scope.create(values);
  }
}
