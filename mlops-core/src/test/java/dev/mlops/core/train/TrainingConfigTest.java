package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
  @Test
  void defaults_matchTheReferenceSystem() {
    TrainingConfig config = TrainingConfig.defaults();

    assertThat(config.architecture()).isEqualTo("cnn-small");
    assertThat(config.inputSize()).isEqualTo(224);
    assertThat(config.channels()).isNull();
    assertThat(config.epochs()).isEqualTo(10);
    assertThat(config.batchSize()).isEqualTo(32);
    assertThat(config.learningRate()).isEqualTo(0.001);
    assertThat(config.optimizer()).isEqualTo(OptimizerKind.ADAM);
    assertThat(config.momentum()).isEqualTo(0.9);
    assertThat(config.weightDecay()).isZero();
    assertThat(config.lrStepSize()).isEqualTo(5);
    assertThat(config.lrGamma()).isEqualTo(0.5);
    assertThat(config.patience()).isZero();
    assertThat(config.seed()).isEqualTo(42);
    assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.logEveryBatches()).isZero();
    assertThat(config.initFrom()).isNull();
  }

  @Test
  void builder_nullValues_keepDefaults() throws InvalidInputException {
    TrainingConfig config =
        TrainingConfig.builder()
            .optArchitecture(null)
            .optInputSize(null)
            .optChannels(null)
            .optEpochs(null)
            .optBatchSize(null)
            .optLearningRate(null)
            .optOptimizer(null)
            .optMomentum(null)
            .optWeightDecay(null)
            .optLrStepSize(null)
            .optLrGamma(null)
            .optPatience(null)
            .optSeed(null)
            .optThreads(null)
            .optWorkers(null)
            .optLogEveryBatches(null)
            .optInitFrom(null)
            .build();

    assertThat(config).isEqualTo(TrainingConfig.defaults());
  }

  @Test
  void builder_values_areKeptAndArchitectureNormalised() throws InvalidInputException {
    TrainingConfig config =
        TrainingConfig.builder()
            .optArchitecture(" ResNet18 ")
            .optInputSize(64)
            .optChannels(1)
            .optEpochs(3)
            .optBatchSize(8)
            .optLearningRate(0.1)
            .optOptimizer(OptimizerKind.SGD)
            .optMomentum(0.5)
            .optWeightDecay(1e-4)
            .optLrStepSize(2)
            .optLrGamma(0.1)
            .optPatience(2)
            .optSeed(7L)
            .optThreads(1)
            .optWorkers(3)
            .optLogEveryBatches(10)
            .optInitFrom(Path.of("warm.params"))
            .build();

    assertThat(config.architecture()).isEqualTo("resnet18");
    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config)
        .extracting(
            TrainingConfig::inputSize,
            TrainingConfig::channels,
            TrainingConfig::epochs,
            TrainingConfig::optimizer,
            TrainingConfig::seed,
            TrainingConfig::workers,
            TrainingConfig::initFrom)
        .containsExactly(64, 1, 3, OptimizerKind.SGD, 7L, 3, Path.of("warm.params"));
  }

  @Test
  void build_invalidValue_namesFieldValueAndRule() {
    assertInvalid(b -> b.optEpochs(0), "epochs is '0'; must be in [1,100000]", "0");
    assertInvalid(b -> b.optBatchSize(-1), "batchSize is '-1'", "-1");
    assertInvalid(b -> b.optLearningRate(0.0), "learningRate is '0.0'; must be in (0,10]", "0.0");
    assertInvalid(b -> b.optLearningRate(Double.NaN), "learningRate is 'NaN'", "NaN");
    assertInvalid(b -> b.optMomentum(1.0), "momentum is '1.0'; must be in [0,1)", "1.0");
    assertInvalid(b -> b.optWeightDecay(-0.1), "weightDecay is '-0.1'", "-0.1");
    assertInvalid(b -> b.optLrStepSize(0), "lrStepSize is '0'; must be at least 1", "0");
    assertInvalid(b -> b.optLrGamma(1.5), "lrGamma is '1.5'; must be in (0,1]", "1.5");
    assertInvalid(b -> b.optPatience(-1), "patience is '-1'", "-1");
    assertInvalid(b -> b.optChannels(2), "channels is '2'; must be 1 (gray) or 3 (RGB)", "2");
    assertInvalid(b -> b.optThreads(0), "threads is '0'; must be in [1,1024]", "0");
    assertInvalid(b -> b.optWorkers(0), "workers is '0'", "0");
    assertInvalid(b -> b.optInputSize(4), "inputSize is '4'; must be in [8,4096]", "4");
    assertInvalid(b -> b.optLogEveryBatches(-2), "logEveryBatches is '-2'", "-2");
    assertInvalid(b -> b.optArchitecture(" "), "architecture is ' '", " ");
  }

  @Test
  void logInterval_unset_givesAboutFourLinesPerEpoch() throws InvalidInputException {
    TrainingConfig auto = TrainingConfig.defaults();
    TrainingConfig fixed = TrainingConfig.builder().optLogEveryBatches(7).build();

    assertThat(auto.logInterval(120)).isEqualTo(30);
    assertThat(auto.logInterval(10)).isEqualTo(3);
    assertThat(auto.logInterval(1)).isEqualTo(1);
    assertThat(fixed.logInterval(120)).isEqualTo(7);
  }

  private static void assertInvalid(
      UnaryOperator<TrainingConfig.Builder> change, String message, String value) {
    assertThatThrownBy(() -> change.apply(TrainingConfig.builder()).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid training setting: ")
        .hasMessageContaining(message)
        .extracting(e -> ((InvalidInputException) e).value())
        .isEqualTo(value);
  }
}
