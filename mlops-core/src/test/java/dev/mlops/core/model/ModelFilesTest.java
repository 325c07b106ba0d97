package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mlops.core.Engines;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("pytorch")
class ModelFilesTest {
  @TempDir Path dir;

  @Test
  void load_savedModel_givesIdenticalProbabilitiesLabelsAndPreprocessing() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 3, 1, 16);
    float[] pixels = TestModels.pixels(graph, 2, 5);
    float[] expected;
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = TestModels.initialised(graph, manager, 1);
      NDList input = new NDList(manager.create(pixels, DjlModels.inputShape(1, 16, 2)));
      expected =
          block
              .forward(new ParameterStore(manager, false), input, false)
              .head()
              .softmax(1)
              .toFloatArray();
      ModelFiles.save(dir, graph, block, TestModels.labels(3), Preprocessing.imagenet(16, 1));
    }

    try (Predictor predictor = ModelFiles.load(dir)) {
      float[][] probabilities = predictor.probabilities(pixels, 2);

      assertThat(probabilities).hasNumberOfRows(2);
      assertThat(probabilities[0]).containsExactly(java.util.Arrays.copyOfRange(expected, 0, 3));
      assertThat(probabilities[1]).containsExactly(java.util.Arrays.copyOfRange(expected, 3, 6));
      assertThat(probabilities[1][0] + probabilities[1][1] + probabilities[1][2])
          .isCloseTo(1f, within(1e-5f));
      assertThat(predictor.labels()).containsExactly("class-0", "class-1", "class-2");
      assertThat(predictor.preprocessing()).isEqualTo(Preprocessing.imagenet(16, 1));
      assertThat(predictor.graph()).isEqualTo(graph);
    }
    assertThat(ModelFiles.exists(dir)).isTrue();
  }

  @Test
  void probabilities_wrongPixelCount_isRejectedWithTheExpectedSize() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 2, 3, 16);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, graph, manager, 1);
    }

    try (Predictor predictor = ModelFiles.load(dir)) {
      assertThatThrownBy(() -> predictor.probabilities(new float[3 * 16 * 16], 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1536 floats, got 768");
    }
  }

  @Test
  void embeddings_savedModel_areTheHeadsInputAndGiveTheProbabilities() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 3, 3, 16);
    float[] pixels = TestModels.pixels(graph, 2, 8);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, graph, manager, 1);
    }

    try (Predictor predictor = ModelFiles.load(dir);
        NDManager manager = Engines.pytorch().newBaseManager()) {
      float[][] embeddings = predictor.embeddings(pixels, 2);
      GraphBlock block = ModelFilesTestSupport.loadBlock(dir, manager);
      NDArray weight = block.getParameters().get("fc.weight").getArray();
      NDArray bias = block.getParameters().get("fc.bias").getArray();
      NDArray features = manager.create(embeddings[1]).reshape(1, 128);
      float[] viaHead = features.matMul(weight.transpose()).add(bias).softmax(1).toFloatArray();

      assertThat(predictor.embeddingSize()).isEqualTo(128);
      assertThat(embeddings).hasDimensions(2, 128);
      assertThat(viaHead).containsExactly(predictor.probabilities(pixels, 2)[1], within(1e-5f));
    }
  }

  @Test
  void probabilities_concurrentCalls_giveTheSameResultsAsSequentialOnes() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 2, 3, 16);
    float[] pixels = TestModels.pixels(graph, 3, 4);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, graph, manager, 1);
    }

    try (Predictor predictor = ModelFiles.load(dir)) {
      float[][] sequential = predictor.probabilities(pixels, 3);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          results.add(pool.submit(() -> predictor.probabilities(pixels, 3)));
        }
        for (Future<float[][]> result : results) {
          assertThat(result.get()).isDeepEqualTo(sequential);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void load_emptyDirectory_saysToTrainFirst() {
    assertThatThrownBy(() -> ModelFiles.load(dir))
        .isInstanceOf(ModelFilesException.class)
        .hasMessageContaining("no trained model in " + dir)
        .hasMessageContaining("graph.json is missing; train a model first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void load_paramsOfAnotherModel_isReportedAsDamaged() throws Exception {
    Path other = dir.resolve("other");
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, Architectures.create("cnn-small", 2, 3, 16), manager, 1);
      TestModels.save(other, Architectures.create("cnn-small", 4, 3, 16), manager, 1);
    }
    Files.copy(
        other.resolve(ModelFiles.PARAMS),
        dir.resolve(ModelFiles.PARAMS),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> ModelFiles.load(dir))
        .isInstanceOf(ModelFilesException.class)
        .hasMessageContaining(dir.resolve("params").toString())
        .hasMessageContaining(
            "'fc.weight' has shape [4, 128] in the file, the model needs [2, 128]")
        .hasMessageContaining("train again");
  }

  @Test
  void save_sameBlockTwice_writesIdenticalParamsWithoutTemporaryFiles() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 2, 3, 16);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = TestModels.initialised(graph, manager, 3);
      ModelFiles.writeParams(dir.resolve("a"), block);
      ModelFiles.writeParams(dir.resolve("b"), block);
    }

    assertThat(Files.readAllBytes(dir.resolve("b")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a")));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b");
    }
  }
}
