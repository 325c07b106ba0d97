package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.KolmogorovSmirnovTest.sawtooth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WassersteinTest {
  @Test
  void shiftedSample_distanceIsTheShift() {
    // b = a + 5 with the same spacing: all mass moves 5 to the right, so the distance is 5.
    // scipy 1.10.1: scipy.stats.wasserstein_distance([0,1,3],[5,6,8]) -> 5.0
    assertThat(Wasserstein.distance(new double[] {0, 1, 3}, new double[] {5, 6, 8}))
        .isCloseTo(5.0, within(1e-12));
  }

  @Test
  void differentSizes_handComputed() {
    // On [0, 1): F_a = 1/2, F_b = 2/3, |difference| 1/6, width 1; both CDFs are 1 from 1 on.
    // scipy 1.10.1: scipy.stats.wasserstein_distance([0,1],[0,0,1]) -> 0.16666666666666663
    assertThat(Wasserstein.distance(new double[] {0, 1}, new double[] {0, 0, 1}))
        .isCloseTo(1.0 / 6, within(1e-12));
  }

  @Test
  void unsortedInputs_matchScipy() {
    // scipy 1.10.1: scipy.stats.wasserstein_distance([3.4,3.9,7.5,7.8],[4.5,1.4]) -> 2.7
    assertThat(Wasserstein.distance(new double[] {3.4, 3.9, 7.5, 7.8}, new double[] {4.5, 1.4}))
        .isCloseTo(2.7, within(1e-12));
  }

  @Test
  void largerSamples_matchScipy() {
    // scipy 1.10.1: a=[(i*0.37)%1 for i in range(200)]; b=[(i*0.53)%1*1.5 for i in range(300)]
    //   scipy.stats.wasserstein_distance(a,b) -> 0.24750000000000616
    double[] b = sawtooth(300, 0.53, 0);
    for (int i = 0; i < b.length; i++) {
      b[i] *= 1.5;
    }
    assertThat(Wasserstein.distance(sawtooth(200, 0.37, 0), b))
        .isCloseTo(0.24750000000000616, within(1e-12));
  }

  @Test
  void sameValues_zeroAndSymmetric() {
    double[] a = {1, 2, 2, 3};
    double[] b = {3, 2, 1, 2};
    assertThat(Wasserstein.distance(a, b)).isEqualTo(0.0);
    double[] c = {0.5, 4};
    assertThat(Wasserstein.distance(a, c)).isEqualTo(Wasserstein.distance(c, a));
  }

  @Test
  void emptySample_namesIt() {
    assertThatThrownBy(() -> Wasserstein.distance(new double[] {1}, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample b is empty");
  }
}
