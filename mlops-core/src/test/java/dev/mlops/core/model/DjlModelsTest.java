package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.mlops.core.Engines;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("pytorch")
class DjlModelsTest {

  @ParameterizedTest
  @CsvSource({"2, 11177538", "1000, 11689512"})
  void parameterCount_resnet18Block_equalsGraphAndTorchvision(int classes, long expected)
      throws Exception {
    LayerGraph graph = Architectures.create("resnet18", classes, 3, 32);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, 3, 32, 1);

      assertThat(DjlModels.parameterCount(block)).isEqualTo(expected);
      assertThat(graph.parameterCount()).isEqualTo(expected);
    }
  }

  @Test
  void parameters_blockOfEachArchitecture_haveTheGraphsNamesShapesAndOrder() throws Exception {
    for (String name : Architectures.names()) {
      LayerGraph graph = Architectures.create(name, 3, 1, 32);
      try (NDManager manager = Engines.pytorch().newBaseManager()) {
        GraphBlock block = DjlModels.block(graph);
        DjlModels.initialize(block, manager, 1, 32, 1);

        List<ParameterSpec> actual = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
          long[] dims = p.getValue().getArray().getShape().getShape();
          actual.add(
              new ParameterSpec(
                  p.getKey(),
                  java.util.Arrays.stream(dims).boxed().toList(),
                  p.getValue().requiresGradient()));
        }
        assertThat(actual).as(name).isEqualTo(graph.parameters());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"resnet18, 1", "resnet18, 3", "cnn-small, 1", "cnn-small, 3"})
  void forward_32pxBatch_givesOneScorePerClass(String architecture, int channels) throws Exception {
    LayerGraph graph = Architectures.create(architecture, 4, channels, 32);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, channels, 32, 7);
      NDArray input = manager.randomUniform(0, 1, new Shape(2, channels, 32, 32));

      NDArray train =
          block.forward(new ParameterStore(manager, false), new NDList(input), true).head();
      NDArray eval =
          block.forward(new ParameterStore(manager, false), new NDList(input), false).head();

      assertThat(train.getShape()).isEqualTo(new Shape(2, 4));
      assertThat(eval.getShape()).isEqualTo(new Shape(2, 4));
      assertThat(block.getOutputShapes(new Shape[] {input.getShape()}))
          .containsExactly(new Shape(2, 4));
    }
  }

  @Test
  void initialize_sameSeed_givesByteIdenticalParameters() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 3, 3, 16);

    byte[] first = initialisedBytes(graph, 42);
    byte[] second = initialisedBytes(graph, 42);
    byte[] other = initialisedBytes(graph, 43);

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  private static byte[] initialisedBytes(LayerGraph graph, long seed) throws Exception {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, graph.channels(), graph.inputSize(), seed);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(bytes));
      return bytes.toByteArray();
    }
  }
}
