package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The penultimate layer read from an exported model equals the DJL model's. */
@org.junit.jupiter.api.Tag("pytorch")
class OnnxEmbedderTest {
  @TempDir Path dir;

  @Test
  void embeddings_cnnSmallExport_equalDjlPenultimateLayer() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 3, 3, 16);
    ExportFixtures.save(dir.resolve("model"), graph, 7);
    try (Predictor djl = ModelFiles.load(dir.resolve("model"))) {
      byte[] onnx =
          OnnxTranslator.standard().export(graph, djl.weights(), ExportFixtures.metadata(graph));
      Path file = Files.write(dir.resolve("model.onnx"), onnx);
      float[] pixels = ExportFixtures.pixels(graph, 4, 5);
      float[][] expected = djl.embeddings(pixels, 4);
      try (OnnxEmbedder embedder = OnnxEmbedder.open(file, 1)) {
        float[][] actual = embedder.embeddings(pixels, 4);

        assertThat(embedder.dimension()).isEqualTo(djl.embeddingSize());
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < expected[i].length; j++) {
            assertThat(actual[i][j])
                .isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(1e-4f));
          }
        }
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(onnx);
    }
  }

  @Test
  void penultimate_exportedGraph_isTheHeadGemmInput() throws Exception {
    LayerGraph graph = Architectures.create(Architectures.CNN_SMALL, 3, 3, 16);
    ExportFixtures.save(dir.resolve("model"), graph, 7);
    try (Predictor djl = ModelFiles.load(dir.resolve("model"))) {
      byte[] onnx =
          OnnxTranslator.standard().export(graph, djl.weights(), ExportFixtures.metadata(graph));
      String tensor = OnnxEmbedder.penultimate(onnx);

      assertThat(tensor).isNotEqualTo(OnnxTranslator.INPUT).isNotEqualTo(OnnxTranslator.OUTPUT);
      try (OnnxClassifier edited = OnnxClassifier.open(OnnxEmbedder.withOutput(onnx, tensor), 1)) {
        assertThat(edited.outputNames()).contains(OnnxTranslator.OUTPUT, tensor);
      }
    }
  }

  @Test
  void open_notAnOnnxFile_failsNamingTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.onnx"), "not a model");

    assertThatThrownBy(() -> OnnxEmbedder.open(file, 1))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining(file.toString());
  }
}
