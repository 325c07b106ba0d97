package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exported models compute what DJL computes, layer kind by layer kind and for whole networks. */
@Tag("pytorch")
class OnnxTranslatorTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  private static Layer.Conv2d conv(String name, int in, int out) {
    return new Layer.Conv2d(name, in, out, 3, 1, 1, false);
  }

  static Stream<Arguments> layerKinds() {
    return Stream.of(
        Arguments.of(
            "conv2d with bias, stride 2",
            new Layer[] {new Layer.Conv2d("c", 3, 4, 3, 2, 1, true)},
            4 * 4 * 4),
        Arguments.of(
            "conv2d 1x1 without bias",
            new Layer[] {new Layer.Conv2d("c", 3, 5, 1, 1, 0, false)},
            5 * 8 * 8),
        Arguments.of("batchNorm", new Layer[] {new Layer.BatchNorm("bn", 3)}, 3 * 8 * 8),
        Arguments.of("relu", new Layer[] {conv("c", 3, 4), new Layer.Relu()}, 4 * 8 * 8),
        Arguments.of(
            "maxPool 3/2/1", new Layer[] {conv("c", 3, 4), new Layer.MaxPool(3, 2, 1)}, 4 * 4 * 4),
        Arguments.of(
            "avgPool 3/2/1 counting padding",
            new Layer[] {conv("c", 3, 4), new Layer.AvgPool(3, 2, 1)},
            4 * 4 * 4),
        Arguments.of(
            "residual, identity shortcut",
            new Layer[] {
              conv("c", 3, 4),
              new Layer.Residual(
                  List.of(
                      conv("b1", 4, 4),
                      new Layer.BatchNorm("b1bn", 4),
                      new Layer.Relu(),
                      conv("b2", 4, 4)),
                  List.of())
            },
            4 * 8 * 8),
        Arguments.of(
            "residual, projection shortcut",
            new Layer[] {
              new Layer.Residual(
                  List.of(
                      new Layer.Conv2d("b1", 3, 6, 3, 2, 1, false), new Layer.BatchNorm("b1bn", 6)),
                  List.of(
                      new Layer.Conv2d("p", 3, 6, 1, 2, 0, false), new Layer.BatchNorm("pbn", 6)))
            },
            6 * 4 * 4),
        Arguments.of("globalAvgPool", new Layer[] {conv("c", 3, 7), new Layer.GlobalAvgPool()}, 7),
        Arguments.of("dropout", new Layer[] {conv("c", 3, 2), new Layer.Dropout(0.5)}, 2 * 8 * 8),
        Arguments.of("flatten and linear only", new Layer[] {}, 3 * 8 * 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerKinds")
  void eachLayerKindMatchesDjl(String description, Layer[] layers, int features) throws Exception {
    List<Layer> all = new ArrayList<>(List.of(layers));
    all.add(new Layer.Flatten());
    all.add(new Layer.Linear("fc", features, 3));
    LayerGraph graph = new LayerGraph("test", 3, 8, 3, all);

    assertThat(maxDifference(graph, 11)).isLessThan(TOLERANCE);
  }

  @Test
  void resnet18MatchesDjl() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.RESNET18, 5, 3, 32);
    assertThat(maxDifference(graph, 3)).isLessThan(TOLERANCE);
  }

  @Test
  void resnet34MatchesDjl() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.RESNET34, 3, 3, 32);
    assertThat(maxDifference(graph, 2)).isLessThan(TOLERANCE);
  }

  @Test
  void cnnSmallMatchesDjlOnGrayInput() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 4, 1, 24);
    assertThat(maxDifference(graph, 5)).isLessThan(TOLERANCE);
  }

  @Test
  void aChangedWeightIsSeen() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 4, 1, 16);
    ExportFixtures.save(dir, graph, 7);
    try (Predictor djl = ModelFiles.load(dir)) {
      Map<String, float[]> weights = djl.weights();
      weights.get("block2.conv.weight")[0] += 1f;
      byte[] onnx =
          OnnxTranslator.standard().export(graph, weights, ExportFixtures.metadata(graph));
      assertThat(Parity.maxDifference(djl, onnx, graph, 8)).isGreaterThan(1e-3);
    }
  }

  @Test
  void aLayerKindWithoutTranslationFailsNamingIt() {
    LayerGraph graph =
        new LayerGraph(
            "test",
            1,
            8,
            2,
            List.of(
                conv("c", 1, 2),
                new Layer.AvgPool(2, 2, 0),
                new Layer.Flatten(),
                new Layer.Linear("fc", 32, 2)));
    OnnxTranslator exporter = OnnxTranslator.standard().without(Layer.AvgPool.class);

    assertThatThrownBy(() -> exporter.export(graph, Map.of(), ExportFixtures.metadata(graph)))
        .isInstanceOf(OnnxTranslator.UnsupportedLayerException.class)
        .hasMessageContaining("cannot export AvgPool[kernel=2, stride=2, padding=0]")
        .hasMessageContaining("no translation for layer kind 'AvgPool'")
        .hasMessageContaining("it knows BatchNorm, Conv2d, Dropout");
  }

  @Test
  void metadataCarriesLabelsAndPreprocessing() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 3, 3, 16);
    ExportFixtures.save(dir, graph, 2);
    try (Predictor djl = ModelFiles.load(dir);
        OnnxClassifier onnx =
            OnnxClassifier.open(
                OnnxTranslator.standard()
                    .export(graph, djl.weights(), ExportFixtures.metadata(graph)),
                1)) {
      assertThat(onnx.labels()).containsExactly("class-0", "class-1", "class-2");
      assertThat(onnx.preprocessing()).isEqualTo(djl.preprocessing());
      assertThat(onnx.metadata())
          .containsEntry("channel_order", "RGB")
          .containsEntry("input_size", "16")
          .containsEntry("mean", "[0.485, 0.456, 0.406]")
          .containsEntry("model_name", "test-model")
          .containsEntry("quantization", "none");
    }
  }

  /** Largest |p_djl - p_onnx| over batches of 1 and 6 random images (dynamic batch). */
  private double maxDifference(LayerGraph graph, long seed) throws Exception {
    ExportFixtures.save(dir, graph, seed);
    try (Predictor djl = ModelFiles.load(dir)) {
      byte[] onnx =
          OnnxTranslator.standard().export(graph, djl.weights(), ExportFixtures.metadata(graph));
      return Math.max(
          Parity.maxDifference(djl, onnx, graph, 1), Parity.maxDifference(djl, onnx, graph, 6));
    }
  }
}
