package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("pytorch")
class SyntheticThroughputTest {
  @Test
  void measure_tinyModel_reportsStepsAndRate() throws InvalidInputException {
    SyntheticThroughput.Result result = SyntheticThroughput.measure("cnn-small", 16, 1, 4, 1, 1, 3);

    assertThat(result.steps()).isEqualTo(3);
    assertThat(result.imagesPerSecond()).isPositive();
    assertThat(result.imagesPerSecond())
        .isCloseTo(3 * 4 / result.seconds(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(result.summary()).contains("cnn-small 1x16x16 batch 4, 1 threads:", "img/s");
    SyntheticThroughput.Phases phases = result.phases();
    assertThat(phases.forward()).isPositive();
    assertThat(phases.backward()).isPositive();
    assertThat(phases.update()).isPositive();
    assertThat(phases.forward() + phases.backward() + phases.update() + phases.other())
        .isCloseTo(result.seconds() * 1e3 / 3, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(phases.summary()).startsWith("forward ").contains("backward", "update", "other");
  }

  @Test
  void measure_frozenBackboneAndForwardOnly_sayWhatTheyMeasured() throws InvalidInputException {
    SyntheticThroughput.Result frozen =
        SyntheticThroughput.measure(
            "cnn-small", 16, 1, 4, 1, 1, 2, SyntheticThroughput.Mode.FROZEN_BACKBONE);
    SyntheticThroughput.Result forward =
        SyntheticThroughput.measure(
            "cnn-small", 16, 1, 4, 1, 1, 2, SyntheticThroughput.Mode.FORWARD_ONLY);

    assertThat(frozen.summary()).endsWith("synthetic, backbone frozen)");
    assertThat(forward.summary()).endsWith("synthetic, forward only)");
    assertThat(forward.imagesPerSecond()).isPositive();
    assertThat(forward.phases().forward()).isZero();
    assertThat(frozen.phases().update()).isPositive();
  }

  @Test
  void measure_unknownArchitecture_namesKnownOnes() {
    assertThatThrownBy(() -> SyntheticThroughput.measure("vgg", 16, 3, 4, 1, 0, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("resnet18");
  }
}
