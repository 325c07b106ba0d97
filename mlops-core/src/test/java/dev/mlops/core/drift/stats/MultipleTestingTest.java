package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

// No reference implementation is installed (statsmodels is absent from /usr/bin/python3 and
// scipy 1.10.1 has no Holm), so every case is computed by hand.
class MultipleTestingTest {
  @Test
  void fourPValues_handComputed() {
    // Sorted: 0.005 (index 3), 0.01 (0), 0.03 (2), 0.04 (1); m = 4.
    // 4 * 0.005 = 0.02; 3 * 0.01 = 0.03; 2 * 0.03 = 0.06; 1 * 0.04 = 0.04 -> max so far 0.06.
    double[] adjusted = MultipleTesting.holm(new double[] {0.01, 0.04, 0.03, 0.005});

    assertThat(adjusted[0]).isCloseTo(0.03, within(1e-15));
    assertThat(adjusted[1]).isCloseTo(0.06, within(1e-15));
    assertThat(adjusted[2]).isCloseTo(0.06, within(1e-15));
    assertThat(adjusted[3]).isCloseTo(0.02, within(1e-15));
  }

  @Test
  void largeProducts_cappedAtOne() {
    // 2 * 0.5 = 1.0; 1 * 0.6 = 0.6 -> monotone: max(1.0, 0.6) = 1.0. 3 * 0.4 would be 1.2 -> 1.
    assertThat(MultipleTesting.holm(new double[] {0.5, 0.6})).containsExactly(1.0, 1.0);
    assertThat(MultipleTesting.holm(new double[] {0.4, 0.9, 0.45})).containsExactly(1.0, 1.0, 1.0);
  }

  @Test
  void ties_getEqualAdjustedValues() {
    // Sorted 0.01, 0.02, 0.02: 3 * 0.01 = 0.03; 2 * 0.02 = 0.04; 1 * 0.02 -> max 0.04.
    double[] adjusted = MultipleTesting.holm(new double[] {0.02, 0.01, 0.02});

    assertThat(adjusted[0]).isCloseTo(0.04, within(1e-15));
    assertThat(adjusted[1]).isCloseTo(0.03, within(1e-15));
    assertThat(adjusted[2]).isCloseTo(0.04, within(1e-15));
  }

  @Test
  void singleAndEmpty_unchanged() {
    assertThat(MultipleTesting.holm(new double[] {0.2})).containsExactly(0.2);
    assertThat(MultipleTesting.holm(new double[0])).isEmpty();
  }

  @Test
  void inputLeftUntouched() {
    double[] p = {0.3, 0.1};
    MultipleTesting.holm(p);
    assertThat(p).containsExactly(0.3, 0.1);
  }

  @Test
  void invalidPValue_rejected() {
    assertThatThrownBy(() -> MultipleTesting.holm(new double[] {0.1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p-value at index 1 is NaN");
    assertThatThrownBy(() -> MultipleTesting.holm(new double[] {1.2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be in [0, 1]");
  }
}
