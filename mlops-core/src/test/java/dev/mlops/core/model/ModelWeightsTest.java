package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("pytorch")
class ModelWeightsTest {
  @TempDir Path dir;

  @Test
  void loadInto_otherClassCount_copiesBackboneAndReinitialisesHead() throws Exception {
    LayerGraph source = Architectures.create("cnn-small", 3, 3, 16);
    LayerGraph target = Architectures.create("cnn-small", 5, 3, 32);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, source, manager, 1);
      Map<String, float[]> saved = values(ModelFilesTestSupport.loadBlock(dir, manager));
      GraphBlock block = DjlModels.block(target);
      DjlModels.initialize(block, manager, 3, 32, 2);
      Map<String, float[]> fresh = values(block);

      WarmStart result = ModelWeights.loadInto(block, dir.resolve("params"), false);

      Map<String, float[]> loaded = values(block);
      assertThat(loaded.get("block3.conv.weight")).isEqualTo(saved.get("block3.conv.weight"));
      assertThat(loaded.get("block1.bn.runningMean")).isEqualTo(saved.get("block1.bn.runningMean"));
      assertThat(loaded.get("block1.bn.runningMean"))
          .isNotEqualTo(fresh.get("block1.bn.runningMean"));
      assertThat(loaded.get("fc.weight")).isEqualTo(fresh.get("fc.weight"));
      assertThat(result.headReinitialised()).isTrue();
      assertThat(result.copiedParameters()).isEqualTo(source.parameterCount() - 129 * 3);
      assertThat(result.summary()).contains("the file has 3 classes, the model 5");
    }
  }

  @Test
  void loadInto_sameClassCount_copiesHeadUnlessAskedToReinitialise() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 3, 1, 16);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, graph, manager, 1);
      float[] savedHead = values(ModelFilesTestSupport.loadBlock(dir, manager)).get("fc.weight");
      GraphBlock kept = DjlModels.block(graph);
      DjlModels.initialize(kept, manager, 1, 16, 2);
      GraphBlock reset = DjlModels.block(graph);
      DjlModels.initialize(reset, manager, 1, 16, 2);
      float[] freshHead = values(reset).get("fc.weight");

      WarmStart keptResult = ModelWeights.loadInto(kept, dir, false);
      WarmStart resetResult = ModelWeights.loadInto(reset, dir, true);

      assertThat(values(kept).get("fc.weight")).isEqualTo(savedHead);
      assertThat(keptResult.copiedParameters()).isEqualTo(graph.parameterCount());
      assertThat(values(reset).get("fc.weight")).isEqualTo(freshHead);
      assertThat(resetResult.summary()).contains("head re-initialised as requested");
    }
  }

  @Test
  void loadInto_thenTrainingPass_givesGradientsToCopiedParameters() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", 2, 3, 16);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, graph, manager, 1);
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, 3, 16, 2);
      ModelWeights.loadInto(block, dir, false);
      NDArray batch =
          manager.create(TestModels.pixels(graph, 2, 9), DjlModels.inputShape(3, 16, 2));

      try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
        NDArray scores =
            block.forward(new ParameterStore(manager, false), new NDList(batch), true).head();
        collector.backward(scores.sum());
      }

      NDArray gradient = block.getParameters().get("block1.conv.weight").getArray().getGradient();
      assertThat(gradient.abs().sum().getFloat()).isGreaterThan(0f);
    }
  }

  @Test
  void loadInto_modelDirectoryOfAnotherArchitecture_namesBothAndTheFix() throws Exception {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir, Architectures.create("cnn-small", 2, 3, 16), manager, 1);
      GraphBlock block = DjlModels.block(Architectures.create("resnet18", 2, 3, 16));
      DjlModels.initialize(block, manager, 3, 16, 1);

      assertThatThrownBy(() -> ModelWeights.loadInto(block, dir.resolve("params"), false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(dir.resolve("params").toString())
          .hasMessageContaining("holds cnn-small (3-channel) weights")
          .hasMessageContaining("this model is resnet18 (3-channel)")
          .hasMessageContaining("set the architecture to cnn-small");
    }
  }

  @Test
  void loadInto_bareParamsFileOfAnotherArchitecture_namesTheFileAndTheFix() throws Exception {
    Path bare = dir.resolve("weights.params");
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir.resolve("m"), Architectures.create("cnn-small", 2, 3, 16), manager, 1);
      Files.copy(dir.resolve("m/params"), bare);
      GraphBlock block = DjlModels.block(Architectures.create("resnet18", 2, 3, 16));
      DjlModels.initialize(block, manager, 3, 16, 1);

      assertThatThrownBy(() -> ModelWeights.loadInto(block, bare, false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(bare + " is not a parameter file of resnet18 (3-channel)")
          .hasMessageContaining("point initFrom at the params file of a model trained with")
          .extracting(e -> ((InvalidInputException) e).value())
          .isEqualTo(bare.toString());
    }
  }

  @Test
  void loadInto_otherChannelCount_isRejectedWithoutGraphFile() throws Exception {
    Path bare = dir.resolve("gray.params");
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TestModels.save(dir.resolve("m"), Architectures.create("cnn-small", 2, 1, 16), manager, 1);
      Files.copy(dir.resolve("m/params"), bare);
      GraphBlock block = DjlModels.block(Architectures.create("cnn-small", 2, 3, 16));
      DjlModels.initialize(block, manager, 3, 16, 1);

      assertThatThrownBy(() -> ModelWeights.loadInto(block, bare, false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'block1.conv.weight' has shape [32, 1, 3, 3] in the file");
    }
  }

  @Test
  void loadInto_fileOfAnotherFormat_isInvalidInput() throws Exception {
    // Random bytes under a neutral name (a .pth name gets the PyTorch message, see
    // OnnxImportErrorsTest).
    Path pytorch = dir.resolve("weights.bin");
    byte[] junk = new byte[4096];
    new java.util.Random(3).nextBytes(junk);
    junk[0] = 1; // a plausible version byte, so only the header check stops it
    Files.write(pytorch, junk);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(Architectures.create("cnn-small", 2, 3, 16));
      DjlModels.initialize(block, manager, 3, 16, 1);

      assertThatThrownBy(() -> ModelWeights.loadInto(block, pytorch, false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(pytorch + " is not a parameter file of cnn-small")
          .hasMessageContaining("not a parameter file written by this project");
    }
  }

  @Test
  void loadInto_missingFile_isInvalidInput() throws Exception {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      GraphBlock block = DjlModels.block(Architectures.create("cnn-small", 2, 3, 16));
      DjlModels.initialize(block, manager, 3, 16, 1);

      assertThatThrownBy(() -> ModelWeights.loadInto(block, dir.resolve("nope"), false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("does not exist");
    }
  }

  private static Map<String, float[]> values(GraphBlock block) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      values.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return values;
  }
}
