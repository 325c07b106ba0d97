package dev.mlops.core.train;

import static dev.mlops.core.train.TrainingFixture.build;
import static dev.mlops.core.train.TrainingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mlops.core.Engines;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.GraphBlock;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.train.TrainingFixture.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * freezeBackbone, unfreezeAfter and backboneLrFactor on cnn-small (convolutions, batch norms, a
 * dropout before the head) with 16-pixel bright and dark images. The weights after the last epoch
 * are read from the checkpoint of a run stopped there (the model files hold the best epoch's).
 */
@Tag("pytorch")
class FineTuningTest {
  @TempDir static Path shared;
  private static Path data;
  private static Manifest manifest;
  private static LayerGraph graph;
  private static Map<String, float[]> initial;

  @TempDir Path root;

  @BeforeAll
  static void prepare() throws Exception {
    data = TrainingFixture.brightAndDark(shared.resolve("data"), 12, 4);
    manifest = TrainingFixture.scan(data);
    graph = Architectures.create("cnn-small", 2, 3, TrainingFixture.SIZE);
    initial = weights(null, TrainingConfig.DEFAULT_SEED);
  }

  @Test
  void train_frozenBackbone_changesOnlyTheHead() throws Exception {
    TrainingConfig config = build(TrainingFixture.config().optEpochs(2).optFreezeBackbone(true));

    Map<String, float[]> trained = weightsAfterLastEpoch(config, root);

    assertThat(initial.keySet()).contains("block1.bn.runningMean", "block1.bn.runningVar");
    for (String name : initial.keySet()) {
      if (isHead(name)) {
        assertThat(trained.get(name)).as(name).isNotEqualTo(initial.get(name));
      } else {
        assertThat(trained.get(name)).as(name).isEqualTo(initial.get(name));
      }
    }
  }

  @Test
  void train_unfreezeAfterOne_changesTheBackboneOnlyFromEpochTwoAtTheReducedRate()
      throws Exception {
    TrainingConfig config = build(TrainingFixture.config().optEpochs(2).optUnfreezeAfter(1));
    TrainingRequest request = request(data, manifest, config, root.resolve("tenth"), null);
    Recorder log = new Recorder("epoch 1/2 done");
    assertThatThrownBy(() -> new ModelTrainer(log).train(request))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);
    Map<String, float[]> afterFrozenEpoch = weights(request.workDir(), config.seed());
    Map<String, float[]> tenth = weightsAfterLastEpoch(config, root.resolve("tenth-again"));
    Map<String, float[]> full =
        weightsAfterLastEpoch(
            build(config.toBuilder().optBackboneLrFactor(1.0)), root.resolve("full"));

    assertThat(log.text()).contains("backbone frozen: training the head (fc) only until epoch 1");
    assertThat(afterFrozenEpoch.get("block1.conv.weight"))
        .isEqualTo(initial.get("block1.conv.weight"));
    assertThat(afterFrozenEpoch.get("block2.bn.runningMean"))
        .isEqualTo(initial.get("block2.bn.runningMean"));
    assertThat(afterFrozenEpoch.get("fc.weight")).isNotEqualTo(initial.get("fc.weight"));
    double tenthChange = change(tenth, "block1.conv.weight");
    double fullChange = change(full, "block1.conv.weight");
    assertThat(tenthChange).isPositive();
    // Adam moves a weight by about the learning rate per step whatever the gradient's size.
    assertThat(tenthChange).isLessThan(0.3 * fullChange);
    assertThat(tenth.get("block2.bn.runningMean"))
        .isNotEqualTo(initial.get("block2.bn.runningMean"));
  }

  @Test
  void train_resumedInEitherPhase_equalsTheUninterruptedRun() throws Exception {
    TrainingConfig config = build(TrainingFixture.config().optEpochs(3).optUnfreezeAfter(1));
    TrainingResult reference =
        new ModelTrainer(new Recorder()).train(request(data, manifest, config, root, null));
    byte[] referenceParams = Files.readAllBytes(reference.outputDir().resolve("params"));

    for (String crash : List.of("epoch 1/3 done", "epoch 2/3 done")) {
      TrainingRequest request = request(data, manifest, config, root.resolve(crash), null);
      assertThatThrownBy(() -> new ModelTrainer(new Recorder(crash)).train(request))
          .isInstanceOf(TrainingFixture.SimulatedCrash.class);
      Recorder log = new Recorder();
      TrainingResult resumed = new ModelTrainer(log).train(request);

      assertThat(resumed.status()).as(crash).isEqualTo(TrainingStatus.RESUMED);
      assertThat(numbers(resumed.history())).as(crash).isEqualTo(numbers(reference.history()));
      assertThat(Files.readAllBytes(resumed.outputDir().resolve("params")))
          .as(crash)
          .isEqualTo(referenceParams);
    }
  }

  @Test
  void build_unfreezeAfterNotBelowEpochs_isRejectedNamingTheSetting() {
    assertThatThrownBy(() -> TrainingFixture.config().optEpochs(3).optUnfreezeAfter(3).build())
        .hasMessageContaining("unfreezeAfter")
        .hasMessageContaining("less than epochs (3)");
    assertThatThrownBy(
            () -> TrainingFixture.config().optFreezeBackbone(false).optUnfreezeAfter(1).build())
        .hasMessageContaining("unfreezeAfter")
        .hasMessageContaining("needs freezeBackbone=true");
    assertThatThrownBy(
            () -> TrainingFixture.config().optUnfreezeAfter(1).optBackboneLrFactor(0.0).build())
        .hasMessageContaining("backboneLrFactor")
        .hasMessageContaining("(0,1]");
    assertThatThrownBy(() -> TrainingFixture.config().optBackboneLrFactor(0.5).build())
        .hasMessageContaining("backboneLrFactor")
        .hasMessageContaining("set unfreezeAfter");
  }

  @Test
  void build_unfreezeAfterAlone_freezesTheBackboneForThoseEpochs() {
    TrainingConfig config = build(TrainingFixture.config().optEpochs(3).optUnfreezeAfter(2));

    assertThat(config.freezeBackbone()).isTrue();
    assertThat(List.of(1, 2, 3).stream().map(config::backboneFrozenIn))
        .containsExactly(true, true, false);
    assertThat(config.backboneRateFactor()).isEqualTo(0.1);
    assertThat(build(TrainingFixture.config()).backboneRateFactor()).isEqualTo(1.0);
  }

  private static Map<String, float[]> weightsAfterLastEpoch(TrainingConfig config, Path dir) {
    TrainingRequest request = request(data, manifest, config, dir, null);
    String last = "epoch " + config.epochs() + "/" + config.epochs() + " done";
    assertThatThrownBy(() -> new ModelTrainer(new Recorder(last)).train(request))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);
    return weights(request.workDir(), config.seed());
  }

  /** The block's arrays by name: seeded initial values, or those of the checkpoint in workDir. */
  private static Map<String, float[]> weights(Path workDir, long seed) {
    try (NDManager manager = Engines.pytorch().newBaseManager();
        ParameterUpdater updater = ParameterUpdater.create(TrainingConfig.defaults(), manager)) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, graph.channels(), graph.inputSize(), seed);
      if (workDir != null) {
        new Checkpoint(workDir).restore(block, manager, updater);
      }
      Map<String, float[]> arrays = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        arrays.put(p.getKey(), p.getValue().getArray().toFloatArray());
      }
      return arrays;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean isHead(String name) {
    return name.startsWith(graph.head() + ".");
  }

  /** The largest absolute change of array {@code name} from its initial value. */
  private static double change(Map<String, float[]> weights, String name) {
    float[] now = weights.get(name);
    float[] before = initial.get(name);
    double max = 0;
    for (int i = 0; i < now.length; i++) {
      max = Math.max(max, Math.abs(now[i] - before[i]));
    }
    return max;
  }

  private static List<List<Double>> numbers(TrainingHistory history) {
    return history.epochs().stream()
        .map(
            e ->
                List.of(
                    (double) e.epoch(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.valLoss(),
                    e.valAccuracy(),
                    e.learningRate()))
        .toList();
  }
}
