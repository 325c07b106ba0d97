package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.mlops.core.Engines;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The frozen backbone's forward pass on cnn-small (batch norms, then a dropout before fc). */
@Tag("pytorch")
class GraphBlockTest {
  @Test
  void forward_backboneFrozen_keepsBatchNormStatisticsAndDropsOut() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 2, 3, 16);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, 3, 16, 1);
      block.freezeBackbone(true);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x = manager.randomNormal(new Shape(8, 3, 16, 16)).add(3);
      float[] mean = runningMean(block);

      Engines.seed(1);
      float[] first = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
      Engines.seed(2);
      float[] second = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();

      assertThat(runningMean(block)).as("frozen batch norm statistics").isEqualTo(mean);
      assertThat(second).as("dropout still draws a mask per seed").isNotEqualTo(first);

      block.freezeBackbone(false);
      block.forward(store, new NDList(x), true);
      assertThat(runningMean(block)).as("a training pass after unfreezing").isNotEqualTo(mean);
      assertThat(block.backboneFrozen()).isFalse();
    }
  }

  @Test
  void isHeadParameter_namesTheFinalLinearLayersArraysOnly() throws Exception {
    GraphBlock block = DjlModels.block(Architectures.create("resnet18", 2, 3, 32));

    assertThat(block.isHeadParameter("fc.weight")).isTrue();
    assertThat(block.isHeadParameter("fc.bias")).isTrue();
    assertThat(block.isHeadParameter("stage4.block2.bn2.runningMean")).isFalse();
  }

  private static float[] runningMean(GraphBlock block) {
    return block.getParameters().get("block1.bn.runningMean").getArray().toFloatArray();
  }
}
