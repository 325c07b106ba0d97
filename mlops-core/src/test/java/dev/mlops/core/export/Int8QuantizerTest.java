package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mlops.core.CoreVersion;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folded float graph equals the model; the int8 graph runs integer kernels and agrees. */
@Tag("pytorch")
class Int8QuantizerTest {
  @TempDir Path dir;

  @Test
  void foldedFloatGraphOfResnet18EqualsDjl() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.RESNET18, 4, 3, 32);
    ExportFixtures.save(dir, graph, 5);
    try (Predictor djl = ModelFiles.load(dir)) {
      byte[] folded =
          Int8Quantizer.folded(graph, djl.weights(), ExportFixtures.metadata(graph))
              .encode(CoreVersion.get());
      assertThat(Parity.maxDifference(djl, folded, graph, 4)).isLessThan(1e-4);
    }
  }

  @Test
  void foldedFloatGraphOfUnfusableLayersEqualsDjl() throws Exception {
    // Batch norm and ReLU with nothing to fold into, average pooling, a ReLU after a residual.
    LayerGraph graph =
        new LayerGraph(
            "mixed",
            3,
            16,
            3,
            List.of(
                new Layer.BatchNorm("bn0", 3),
                new Layer.Relu(),
                new Layer.Conv2d("c1", 3, 4, 3, 1, 1, true),
                new Layer.AvgPool(3, 2, 1),
                new Layer.Residual(
                    List.of(new Layer.Conv2d("b1", 4, 4, 3, 1, 1, false)), List.of()),
                new Layer.Relu(),
                new Layer.MaxPool(2, 2, 0),
                new Layer.Flatten(),
                new Layer.Dropout(0.1),
                new Layer.Linear("fc", 64, 3)));
    ExportFixtures.save(dir, graph, 6);
    try (Predictor djl = ModelFiles.load(dir)) {
      byte[] folded =
          Int8Quantizer.folded(graph, djl.weights(), ExportFixtures.metadata(graph))
              .encode(CoreVersion.get());
      assertThat(Parity.maxDifference(djl, folded, graph, 4)).isLessThan(1e-4);
      byte[] int8 = quantize(djl, graph, 64);
      assertThat(Parity.maxDifference(djl, int8, graph, 16)).isLessThan(0.1);
    }
  }

  @Test
  void int8CnnSmallIsSmallAgreesWithFp32AndRunsIntegerKernels() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 10, 1, 32);
    ExportFixtures.save(dir, graph, 8);
    try (Predictor djl = ModelFiles.load(dir)) {
      byte[] fp32 =
          OnnxTranslator.standard().export(graph, djl.weights(), ExportFixtures.metadata(graph));
      byte[] int8 = quantize(djl, graph, 64);

      assertThat(int8.length).isLessThan(fp32.length / 3);
      assertThat(Parity.maxDifference(djl, int8, graph, 32)).isLessThan(0.05);
      assertThat(optimizedOps(int8)).contains("QLinearConv", "QGemm", "QLinearGlobalAveragePool");
      try (OnnxClassifier onnx = OnnxClassifier.open(int8, 1)) {
        assertThat(onnx.metadata()).containsEntry("quantization", "int8");
      }
    }
  }

  private static byte[] quantize(Predictor djl, LayerGraph graph, int n) {
    return Int8Quantizer.quantize(
        graph,
        djl.weights(),
        ExportFixtures.metadata(graph),
        ExportFixtures.pixels(graph, n, 1234),
        n);
  }

  /** The graph ONNX Runtime runs after its optimisations, as text of the saved protobuf. */
  private String optimizedOps(byte[] model) throws Exception {
    Path optimized = dir.resolve("optimized.onnx");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setOptimizedModelFilePath(optimized.toString());
      try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model, options)) {
        assertThat(session.getNumInputs()).isEqualTo(1);
      }
    }
    return new String(Files.readAllBytes(optimized), StandardCharsets.ISO_8859_1);
  }
}
