package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerGraphTest {

  @Test
  void json_roundTrip_givesEqualGraphAndSameCanonicalBytes() throws Exception {
    for (String name : Architectures.names()) {
      LayerGraph graph = Architectures.create(name, 5, 3, 64);

      LayerGraph read = LayerGraph.fromJson(graph.toJson());

      assertThat(read).isEqualTo(graph);
      assertThat(read.canonicalBytes()).isEqualTo(graph.canonicalBytes());
      assertThat(LayerGraph.fromJson(graph.canonicalBytes())).isEqualTo(graph);
    }
  }

  @Test
  void json_ofEveryLayerKind_keepsHyperparameters() throws Exception {
    List<Layer> layers =
        List.of(
            new Layer.Conv2d("c", 1, 4, 3, 1, 1, true),
            new Layer.BatchNorm("bn", 4),
            new Layer.Relu(),
            new Layer.AvgPool(3, 2, 1),
            new Layer.Residual(List.of(new Layer.Conv2d("r", 4, 4, 3, 1, 1, false)), List.of()),
            new Layer.MaxPool(2, 2, 0),
            new Layer.GlobalAvgPool(),
            new Layer.Flatten(),
            new Layer.Dropout(0.5),
            new Layer.Linear("fc", 4, 2));
    LayerGraph graph = new LayerGraph("custom", 1, 16, 2, layers);

    String json = new String(graph.canonicalBytes(), StandardCharsets.UTF_8);

    assertThat(LayerGraph.fromJson(graph.canonicalBytes())).isEqualTo(graph);
    assertThat(json)
        .contains("{\"type\":\"avgPool\",\"kernel\":3,\"padding\":1,\"stride\":2}")
        .contains("{\"type\":\"relu\"}")
        .doesNotContain("parameterCount")
        .doesNotContain("head");
  }

  @Test
  void parameterCount_resnet18_matchesTorchvision() throws Exception {
    assertThat(Architectures.create("resnet18", 1000, 3, 224).parameterCount())
        .isEqualTo(11_689_512L);
    assertThat(Architectures.create("resnet18", 2, 3, 224).parameterCount())
        .isEqualTo(11_176_512L + 513L * 2);
    assertThat(Architectures.create("resnet18", 2, 3, 32).bufferCount()).isEqualTo(2L * 4800);
  }

  @Test
  void parameterCount_resnet34_matchesTorchvision() throws Exception {
    // torchvision.models.resnet34(): sum(p.numel() for p in m.parameters()) == 21797672
    assertThat(Architectures.create("resnet34", 1000, 3, 224).parameterCount())
        .isEqualTo(21_797_672L);
    assertThat(Architectures.create("resnet34", 2, 3, 224).parameterCount())
        .isEqualTo(21_284_672L + 513L * 2);
  }

  @Test
  void parameterCount_cnnSmall_isConvBnAndHeadWeights() throws Exception {
    long backbone = 3 * 32 * 9 + 64 + 32 * 64 * 9 + 128 + 64 * 128 * 9 + 256;

    assertThat(Architectures.create("cnn-small", 10, 3, 32).parameterCount())
        .isEqualTo(backbone + 129 * 10);
  }

  @Test
  void parameters_resnet18_areNamedAfterStagesAndBlocks() throws Exception {
    LayerGraph graph = Architectures.create("resnet18", 2, 3, 32);

    List<String> names = graph.parameters().stream().map(ParameterSpec::name).toList();

    assertThat(names.subList(0, 5))
        .containsExactly(
            "stem.conv.weight",
            "stem.bn.gamma",
            "stem.bn.beta",
            "stem.bn.runningMean",
            "stem.bn.runningVar");
    assertThat(names)
        .contains("stage2.block1.conv1.weight", "stage2.block1.downsample.conv.weight")
        .doesNotContain("stage1.block1.downsample.conv.weight", "stage2.block2.downsample.bn.gamma")
        .endsWith("fc.weight", "fc.bias");
    assertThat(graph.head()).isEqualTo("fc");
  }

  @Test
  void create_unknownArchitecture_namesTheKnownOnes() {
    assertThatThrownBy(() -> Architectures.create("resnet50", 2, 3, 32))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'resnet50'")
        .hasMessageContaining("cnn-small, resnet18, resnet34")
        .extracting(e -> ((InvalidInputException) e).value())
        .isEqualTo("resnet50");
  }

  @Test
  void create_badSizes_areRejectedWithTheValue() {
    assertThatThrownBy(() -> Architectures.create("cnn-small", 2, 3, 8))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("input size 8");
    assertThatThrownBy(() -> Architectures.create("cnn-small", 2, 2, 32))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("channels");
    assertThatThrownBy(() -> Architectures.create("cnn-small", 1, 3, 32))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 2 classes");
  }

  @Test
  void constructor_layerThatDoesNotFit_namesTheLayer() {
    List<Layer> layers =
        List.of(
            new Layer.Conv2d("conv", 3, 8, 3, 1, 1, false),
            new Layer.BatchNorm("bn", 16),
            new Layer.GlobalAvgPool(),
            new Layer.Linear("fc", 8, 2));

    assertThatThrownBy(() -> new LayerGraph("x", 3, 16, 2, layers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bn: expects 16 channels");
  }

  @Test
  void constructor_duplicateLayerName_isRejected() {
    List<Layer> layers =
        List.of(
            new Layer.Conv2d("fc", 3, 8, 3, 1, 1, false),
            new Layer.GlobalAvgPool(),
            new Layer.Linear("fc", 8, 2));

    assertThatThrownBy(() -> new LayerGraph("x", 3, 16, 2, layers))
        .hasMessageContaining("'fc' is used twice");
  }
}
