package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mlops.core.Engines;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parity of imported torchvision weights: our forward pass on the file's weights equals PyTorch's
 * eval-mode logits on the same input tensor, for batch norm folded and separate, resnet18 and 34.
 */
@Tag("pytorch")
class OnnxImportTest {
  @TempDir static Path fixture;

  @BeforeAll
  static void writeFixture() throws Exception {
    TorchvisionFixture.write(fixture);
  }

  @ParameterizedTest
  @CsvSource({
    "resnet18, resnet18-folded.onnx, resnet18-logits.f32, 20",
    "resnet18, resnet18-unfolded.onnx, resnet18-logits.f32, 0",
    "resnet34, resnet34-folded.onnx, resnet34-logits.f32, 36",
    "resnet34, resnet34-unfolded.onnx, resnet34-logits.f32, 0",
    "resnet18, resnet18-fresh.onnx, resnet18-fresh-logits.f32, 20"
  })
  void loadInto_torchvisionExport_givesPyTorchsLogits(
      String architecture, String file, String logitsFile, long folded) throws Exception {
    LayerGraph graph =
        Architectures.create(architecture, TorchvisionFixture.CLASSES, 3, TorchvisionFixture.SIZE);
    float[] expected = TorchvisionFixture.floats(fixture.resolve(logitsFile));
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, 3, graph.inputSize(), 1);

      WarmStart result = ModelWeights.loadInto(block, fixture.resolve(file), false);

      float[] logits = forward(block, manager, graph);
      double difference = maxAbsDifference(logits, expected);
      System.out.printf("parity %s: max abs logit difference %.3g%n", file, difference);
      assertThat(logits).hasSameSizeAs(expected);
      assertThat(difference).isLessThan(1e-4);
      assertThat(result.headReinitialised()).isFalse();
      assertThat(result.copiedParameters()).isEqualTo(graph.parameterCount());
      assertThat(result.foldedConvolutions()).isEqualTo(folded);
      assertThat(result.warning().isPresent()).isEqualTo(folded > 0);
      assertThat(result.summary())
          .contains("ONNX from pytorch 1.13", "torchvision " + architecture + " layout")
          .contains(folded > 0 ? "batch norm folded into " + folded : "batch norm separate");
    }
  }

  @org.junit.jupiter.api.Test
  void structure_defaultInitialisedExport_resolvesSharedInitializersThroughIdentity()
      throws Exception {
    OnnxModel model =
        OnnxModel.parse(java.nio.file.Files.readAllBytes(fixture.resolve("resnet18-fresh.onnx")));

    OnnxStructure structure = OnnxStructure.of(model);

    assertThat(model.nodes()).anyMatch(n -> n.opType().equals("Identity"));
    assertThat(structure.convs()).hasSize(20).allMatch(c -> c.weight() != null && c.bias() != null);
  }

  static float[] forward(GraphBlock block, NDManager manager, LayerGraph graph) throws Exception {
    float[] pixels = TorchvisionFixture.floats(fixture.resolve("inputs.f32"));
    NDArray input =
        manager.create(
            pixels, DjlModels.inputShape(3, graph.inputSize(), TorchvisionFixture.IMAGES));
    return block
        .forward(new ParameterStore(manager, false), new NDList(input), false)
        .head()
        .toFloatArray();
  }

  static double maxAbsDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static Map<String, float[]> values(GraphBlock block) {
    Map<String, float[]> values = new java.util.LinkedHashMap<>();
    block
        .getParameters()
        .forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
    return values;
  }
}
