package dev.mlops.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mlops.core.image.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small saved models for tests. */
final class TestModels {
  private TestModels() {}

  static List<String> labels(int n) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("class-" + i);
    }
    return labels;
  }

  static float[] pixels(LayerGraph graph, int n, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * graph.channels() * graph.inputSize() * graph.inputSize()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return pixels;
  }

  /** Initialises the graph's block with {@code seed} and moves its running statistics. */
  static GraphBlock initialised(LayerGraph graph, NDManager manager, long seed) {
    GraphBlock block = DjlModels.block(graph);
    DjlModels.initialize(block, manager, graph.channels(), graph.inputSize(), seed);
    // A training-mode pass updates the batch-norm running statistics, so saving them matters.
    NDArray batch =
        manager.create(
            pixels(graph, 4, seed), DjlModels.inputShape(graph.channels(), graph.inputSize(), 4));
    block.forward(new ParameterStore(manager, false), new NDList(batch), true);
    return block;
  }

  /** Saves an initialised model of {@code graph} to {@code dir}. */
  static void save(Path dir, LayerGraph graph, NDManager manager, long seed) throws Exception {
    GraphBlock block = initialised(graph, manager, seed);
    ModelFiles.save(
        dir,
        graph,
        block,
        labels(graph.numClasses()),
        Preprocessing.imagenet(graph.inputSize(), graph.channels()));
  }
}
