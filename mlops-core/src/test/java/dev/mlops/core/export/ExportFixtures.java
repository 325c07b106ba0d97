package dev.mlops.core.export;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.train.data.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Saved models with random weights and moved batch-norm statistics, and random inputs. */
final class ExportFixtures {
  private ExportFixtures() {}

  static List<String> labels(int n) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("class-" + i);
    }
    return labels;
  }

  static ExportMetadata metadata(LayerGraph graph) {
    return new ExportMetadata(
        labels(graph.numClasses()),
        Preprocessing.imagenet(graph.inputSize(), graph.channels()),
        "test-model",
        "1.0",
        "f".repeat(64));
  }

  /** {@code n} images of standard normal noise, NCHW. */
  static float[] pixels(LayerGraph graph, int n, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * graph.channels() * graph.inputSize() * graph.inputSize()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return pixels;
  }

  /**
   * Saves {@code graph} with seeded initial weights to {@code dir}. Two training-mode passes move
   * the batch-norm running statistics away from (0, 1), so an export that ignores them differs.
   */
  static void save(Path dir, LayerGraph graph, long seed) throws Exception {
    try (Model model = DjlModels.newModel(graph)) {
      DjlModels.initialize(
          model.getBlock(), model.getNDManager(), graph.channels(), graph.inputSize(), seed);
      for (int pass = 0; pass < 2; pass++) {
        NDArray batch =
            model
                .getNDManager()
                .create(
                    pixels(graph, 4, seed + pass),
                    DjlModels.inputShape(graph.channels(), graph.inputSize(), 4))
                .mul(1.5f)
                .add(0.3f);
        model
            .getBlock()
            .forward(new ParameterStore(model.getNDManager(), false), new NDList(batch), true);
      }
      ModelFiles.save(
          dir,
          graph,
          model.getBlock(),
          labels(graph.numClasses()),
          Preprocessing.imagenet(graph.inputSize(), graph.channels()));
    }
  }
}
