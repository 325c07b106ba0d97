package dev.mlops.core.export;

import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exported ONNX models for tests outside this package (batch prediction, Spark jobs): a cnn-small
 * with seeded random weights and moved batch-norm statistics, translated as export-onnx does, with
 * labels {@code class-0, class-1, ...} and ImageNet preprocessing in its metadata. No training: a
 * test of inference plumbing needs a real graph, not a good model.
 */
public final class TinyOnnxModels {
  private TinyOnnxModels() {}

  /**
   * Writes {@code dir/model.onnx} (the saved DJL model goes to {@code dir/model}) and returns it.
   *
   * @param classes output classes
   * @param inputSize the square input side in pixels
   */
  public static Path cnnSmall(Path dir, int classes, int inputSize, long seed) throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, classes, 3, inputSize);
    Path modelDir = dir.resolve("model");
    ExportFixtures.save(modelDir, graph, seed);
    try (Predictor djl = ModelFiles.load(modelDir)) {
      byte[] onnx =
          OnnxTranslator.standard().export(graph, djl.weights(), ExportFixtures.metadata(graph));
      return Files.write(dir.resolve(OnnxExporter.FP32_FILE), onnx);
    }
  }
}
