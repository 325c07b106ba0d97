package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports that cannot work: each names the file, what does not fit and what to do. */
@Tag("pytorch")
class OnnxImportErrorsTest {
  @TempDir static Path fixture;
  private static NDManager manager;

  @BeforeAll
  static void writeFixture() throws Exception {
    TorchvisionFixture.write(fixture);
    manager = Engines.pytorch().newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void loadInto_otherClassCount_copiesBackboneAndKeepsTheFreshHead() throws Exception {
    Path file = fixture.resolve("resnet18-unfolded.onnx");
    GraphBlock five = block("resnet18", TorchvisionFixture.CLASSES, 3);
    ModelWeights.loadInto(five, file, false);
    GraphBlock three = block("resnet18", 3, 3);
    float[] freshHead = OnnxImportTest.values(three).get("fc.weight");

    WarmStart result = ModelWeights.loadInto(three, file, false);

    Map<String, float[]> loaded = OnnxImportTest.values(three);
    Map<String, float[]> reference = OnnxImportTest.values(five);
    assertThat(loaded.get("stage4.block2.conv2.weight"))
        .isEqualTo(reference.get("stage4.block2.conv2.weight"));
    assertThat(loaded.get("stem.bn.runningVar")).isEqualTo(reference.get("stem.bn.runningVar"));
    assertThat(loaded.get("fc.weight")).isEqualTo(freshHead);
    assertThat(result.headReinitialised()).isTrue();
    assertThat(result.copiedParameters()).isEqualTo(three.graph().parameterCount() - 513 * 3);
    assertThat(result.summary())
        .contains("head re-initialised (the file has 5 classes, the model 3)");
  }

  @Test
  void loadInto_resnet34IntoResnet18_namesFirstMismatchBothShapesAndTheArchitecture()
      throws Exception {
    GraphBlock block = block("resnet18", TorchvisionFixture.CLASSES, 3);
    Map<String, float[]> before = OnnxImportTest.values(block);
    Path file = fixture.resolve("resnet34-folded.onnx");

    assertThatThrownBy(() -> ModelWeights.loadInto(block, file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("first mismatching layer is stage2.block1.conv1 [128, 64, 3, 3]")
        .hasMessageContaining("the file has convolution 6 (onnx::Conv_")
        .hasMessageContaining("[64, 64, 3, 3] (the file has 36 convolutions, resnet18 has 20)")
        .hasMessageContaining("set the architecture to resnet34");
    assertThat(OnnxImportTest.values(block).get("stem.conv.weight"))
        .isEqualTo(before.get("stem.conv.weight"));
  }

  @Test
  void loadInto_smallConvNetExport_namesTheStemAndTheConvolutionCount() throws Exception {
    GraphBlock block = block("resnet18", TorchvisionFixture.CLASSES, 3);
    Path file = fixture.resolve("cnn-small.onnx");

    assertThatThrownBy(() -> ModelWeights.loadInto(block, file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stem.conv [64, 3, 7, 7], the file has convolution 1")
        .hasMessageContaining("[32, 3, 3, 3] (the file has 3 convolutions, resnet18 has 20)")
        .hasMessageContaining("point initFrom at an ONNX export of a resnet18");
  }

  @Test
  void loadInto_grayModelRgbFile_namesBothChannelCounts() throws Exception {
    GraphBlock block = block("resnet18", TorchvisionFixture.CLASSES, 1);

    assertThatThrownBy(
            () -> ModelWeights.loadInto(block, fixture.resolve("resnet18-folded.onnx"), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stem.conv [64, 1, 7, 7], the file has convolution 1")
        .hasMessageContaining("[64, 3, 7, 7]")
        .hasMessageContaining(
            "the file expects RGB (3-channel) input and this model is gray (1-channel): set"
                + " channels to 3");
  }

  @Test
  void loadInto_truncatedFile_saysItIsNotReadable() throws Exception {
    byte[] whole = Files.readAllBytes(fixture.resolve("resnet18-folded.onnx"));
    Path file =
        Files.write(fixture.resolve("truncated.onnx"), Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> ModelWeights.loadInto(block("resnet18", 5, 3), file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("initFrom: " + file + " is not a readable ONNX model")
        .hasMessageContaining("truncated, damaged or no ONNX file");
  }

  @Test
  void loadInto_pngNamedOnnx_saysItIsNoOnnxModel() throws Exception {
    Path file = Files.copy(fixture.resolve("image-0.png"), fixture.resolve("image.onnx"));

    assertThatThrownBy(() -> ModelWeights.loadInto(block("resnet18", 5, 3), file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + " is not a readable ONNX model");
  }

  @Test
  void loadInto_textFile_isNeitherParamsNorOnnx() throws Exception {
    Path file = Files.writeString(fixture.resolve("weights.txt"), "resnet18 weights, honest\n");

    assertThatThrownBy(() -> ModelWeights.loadInto(block("resnet18", 5, 3), file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + " is not a parameter file of resnet18")
        .hasMessageContaining("or at an ONNX export of a torchvision ResNet");
  }

  @Test
  void loadInto_pytorchStateDict_givesTheOneLineExportToOnnx() throws Exception {
    Path file = fixture.resolve("resnet18.pt");

    assertThatThrownBy(() -> ModelWeights.loadInto(block("resnet18", 5, 3), file, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + " is a PyTorch file (torch.save)")
        .hasMessageContaining("not a pickled state_dict without Python")
        .hasMessageContaining(OnnxImportMessages.PT_TO_ONNX);
  }

  @Test
  void weightsImport_describesTheFileAndWarnsAboutInputSize() throws Exception {
    WeightsImport imported =
        WeightsImport.of(fixture.resolve("resnet34-unfolded.onnx")).orElseThrow();

    assertThat(imported.origin())
        .isEqualTo(
            "resnet34-unfolded.onnx: ONNX from pytorch 1.13.0 (opset 13), torchvision resnet34"
                + " layout, batch norm separate");
    assertThat(imported.fixedInputSize()).contains(TorchvisionFixture.SIZE);
    assertThat(imported.inputSizeWarning(224)).isEmpty();
    assertThat(imported.inputSizeWarning(32).orElseThrow())
        .contains("inputSize 32 works", "fixed at 64x64", "set inputSize to 224");
  }

  private static GraphBlock block(String architecture, int classes, int channels) throws Exception {
    GraphBlock block =
        DjlModels.block(
            Architectures.create(architecture, classes, channels, TorchvisionFixture.SIZE));
    DjlModels.initialize(block, manager, channels, TorchvisionFixture.SIZE, 2);
    return block;
  }
}
