package dev.mlops.core.train;

import static dev.mlops.core.train.TrainingFixture.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.store.Hashing;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final String MANIFEST = "11".repeat(32);
  private static final String ENGINE = "DJL 0.35.1, PyTorch 2.7.1-20250812 cpu linux-x86_64, JNI 2";

  @Test
  void of_sameInputs_sameValueHashingTheCanonicalInputs() throws InvalidInputException {
    Fingerprint first = fingerprint(b -> b);
    Fingerprint second = fingerprint(b -> b);

    assertThat(first.value()).isEqualTo(second.value()).matches("[0-9a-f]{64}");
    assertThat(first.value()).isEqualTo(Hashing.sha256(Json.canonical(first.inputs())));
  }

  @Test
  void of_resultChangingSetting_changesValue() throws InvalidInputException {
    String base = fingerprint(b -> b).value();

    assertThat(fingerprint(b -> b.optThreads(3)).value()).as("threads").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optSeed(43L)).value()).as("seed").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optEpochs(4)).value()).as("epochs").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optLearningRate(0.02)).value()).as("lr").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optBatchSize(4)).value()).as("batch").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optPatience(2)).value()).as("patience").isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optOptimizer(OptimizerKind.SGD)).value()).isNotEqualTo(base);
    assertThat(fingerprint(b -> b.optAugmentation(Augmentation.NONE)).value())
        .as("augmentation")
        .isNotEqualTo(base);
    String frozen = fingerprint(b -> b.optFreezeBackbone(true)).value();
    String unfrozen = fingerprint(b -> b.optUnfreezeAfter(1)).value();
    String factor = fingerprint(b -> b.optUnfreezeAfter(1).optBackboneLrFactor(0.5)).value();
    assertThat(List.of(base, frozen, unfrozen, factor)).doesNotHaveDuplicates();
    assertThat(fingerprint(b -> b.optUnfreezeAfter(2)).value()).isNotEqualTo(unfrozen);
  }

  @Test
  void of_fineTuningSettingsAtTheirDefaults_areLeftOutOfTheInputs() throws InvalidInputException {
    String base = fingerprint(b -> b).value();

    assertThat(fingerprint(b -> b.optFreezeBackbone(false).optUnfreezeAfter(0)).value())
        .isEqualTo(base);
    assertThat(Json.mapper().valueToTree(fingerprint(b -> b).inputs().hyperparameters()).toString())
        .doesNotContain("freezeBackbone", "unfreezeAfter", "backboneLrFactor");
    assertThat(
            Json.mapper()
                .valueToTree(fingerprint(b -> b.optUnfreezeAfter(1)).inputs().hyperparameters())
                .toString())
        .contains("\"freezeBackbone\":true", "\"unfreezeAfter\":1", "\"backboneLrFactor\":0.1");
  }

  @Test
  void of_defaultFineTuningSettings_keepTheFingerprintOfEarlierVersions()
      throws InvalidInputException {
    // Computed before freezeBackbone, unfreezeAfter and backboneLrFactor existed: models trained
    // without them must stay up to date.
    assertThat(fingerprint(b -> b).value())
        .isEqualTo("9a2824c3023a5432ef55cf3f81ca4a53b21a98e342f8970510db9a939b18ac03");
  }

  @Test
  void of_settingThatChangesNoNumber_keepsValue() throws InvalidInputException {
    String base = fingerprint(b -> b).value();

    assertThat(fingerprint(b -> b.optWorkers(7)).value()).as("workers").isEqualTo(base);
    assertThat(fingerprint(b -> b.optLogEveryBatches(3)).value()).as("logging").isEqualTo(base);
    assertThat(fingerprint(b -> b.optMomentum(0.5)).value()).as("momentum, Adam").isEqualTo(base);
    assertThat(fingerprint(b -> b.optInitFrom(Path.of("elsewhere"))).value())
        .as("the path of initFrom (its hash counts)")
        .isEqualTo(base);
  }

  @Test
  void of_otherDataGraphVersionOrWarmStart_changesValue() throws InvalidInputException {
    TrainingConfig config = build(TrainingFixture.config());
    String base = of(MANIFEST, graph(3), config, "1.0", null, "val split").value();

    assertThat(of("22".repeat(32), graph(3), config, "1.0", null, "val split").value())
        .isNotEqualTo(base);
    assertThat(of(MANIFEST, graph(1), config, "1.0", null, "val split").value()).isNotEqualTo(base);
    assertThat(of(MANIFEST, graph(3), config, "1.1", null, "val split").value()).isNotEqualTo(base);
    assertThat(of(MANIFEST, graph(3), config, "1.0", "33".repeat(32), "val split").value())
        .isNotEqualTo(base);
    assertThat(of(MANIFEST, graph(3), config, "1.0", null, "10% held out").value())
        .isNotEqualTo(base);
  }

  @Test
  void of_importedWarmStart_addsTheOriginOnlyWhenThereIsOne() throws InvalidInputException {
    TrainingConfig config = build(TrainingFixture.config());
    LayerGraph graph = graph(3);
    Preprocessing preprocessing = Preprocessing.imagenet(graph.inputSize(), graph.channels());
    String hash = "44".repeat(32);
    Fingerprint params =
        Fingerprint.of(
            MANIFEST,
            graph,
            config,
            "1.0",
            ENGINE,
            hash,
            null,
            preprocessing,
            config.augmentation(),
            "v");
    Fingerprint imported =
        Fingerprint.of(
            MANIFEST,
            graph,
            config,
            "1.0",
            ENGINE,
            hash,
            "ONNX from pytorch 1.13.0",
            preprocessing,
            config.augmentation(),
            "v");

    assertThat(new String(dev.mlops.core.Json.canonical(params.inputs())))
        .doesNotContain("initFromFormat");
    assertThat(new String(dev.mlops.core.Json.canonical(imported.inputs())))
        .contains("\"initFromFormat\":\"ONNX from pytorch 1.13.0\"");
    assertThat(imported.value()).isNotEqualTo(params.value());
  }

  @Test
  void of_otherEngineBuild_changesValue() throws InvalidInputException {
    TrainingConfig config = build(TrainingFixture.config());
    LayerGraph graph = graph(3);
    Preprocessing preprocessing = Preprocessing.imagenet(graph.inputSize(), graph.channels());
    Fingerprint base =
        Fingerprint.of(
            MANIFEST,
            graph,
            config,
            "1.0",
            ENGINE,
            null,
            null,
            preprocessing,
            config.augmentation(),
            "v");
    Fingerprint otherBuild =
        Fingerprint.of(
            MANIFEST,
            graph,
            config,
            "1.0",
            ENGINE.replace("2.7.1-20250812", "2.7.1-20250901"),
            null,
            null,
            preprocessing,
            config.augmentation(),
            "v");

    assertThat(base.inputs().engineVersion()).isEqualTo(ENGINE);
    assertThat(otherBuild.value()).isNotEqualTo(base.value());
  }

  private static Fingerprint fingerprint(UnaryOperator<TrainingConfig.Builder> change)
      throws InvalidInputException {
    TrainingConfig config = build(change.apply(TrainingFixture.config()));
    return of(MANIFEST, graph(3), config, "1.0", null, "val split");
  }

  private static Fingerprint of(
      String manifest,
      LayerGraph graph,
      TrainingConfig config,
      String version,
      String initFrom,
      String validation) {
    return Fingerprint.of(
        manifest,
        graph,
        config,
        version,
        ENGINE,
        initFrom,
        null,
        Preprocessing.imagenet(graph.inputSize(), graph.channels()),
        config.augmentation(),
        validation);
  }

  private static LayerGraph graph(int channels) throws InvalidInputException {
    return Architectures.create("cnn-small", 2, channels, 16);
  }
}
