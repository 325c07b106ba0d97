package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepLrTest {
  @Test
  void rate_defaultSchedule_halvesEveryFiveEpochs() {
    StepLr schedule = StepLr.of(TrainingConfig.defaults());

    assertThat(schedule.rate(1)).isEqualTo(0.001);
    assertThat(schedule.rate(5)).isEqualTo(0.001);
    assertThat(schedule.rate(6)).isEqualTo(0.0005);
    assertThat(schedule.rate(10)).isEqualTo(0.0005);
    assertThat(schedule.rate(11)).isEqualTo(0.00025);
  }

  @Test
  void rate_stepOne_decaysEveryEpoch() {
    StepLr schedule = new StepLr(0.1, 1, 0.1);

    assertThat(schedule.rate(1)).isEqualTo(0.1);
    assertThat(schedule.rate(2)).isEqualTo(0.1 * 0.1);
    assertThat(schedule.rate(3)).isEqualTo(0.1 * 0.1 * 0.1);
  }

  @Test
  void rate_gammaOne_isConstant() {
    assertThat(new StepLr(0.01, 2, 1.0).rate(99)).isEqualTo(0.01);
  }

  @Test
  void rate_epochZero_isRejected() {
    assertThatThrownBy(() -> new StepLr(0.01, 2, 0.5).rate(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs count from 1");
  }
}
