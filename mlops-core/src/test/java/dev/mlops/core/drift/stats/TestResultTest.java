package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestResultTest {
  @Test
  void pValueOutsideUnitIntervalOrNaN_rejected() {
    assertThatThrownBy(() -> new TestResult(1, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pValue is 1.5");
    assertThatThrownBy(() -> new TestResult(1, -0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TestResult(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pValue is NaN");
    assertThatThrownBy(() -> new TestResult(Double.NaN, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statistic is NaN");
  }
}
