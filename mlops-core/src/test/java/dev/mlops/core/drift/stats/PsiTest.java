package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.KolmogorovSmirnovTest.sawtooth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PsiTest {
  @Test
  void index_handComputed() {
    // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.25 ln 2 + 0.25 ln 1.5
    //   = 0.25 ln 3 = 0.2746530721670274 (numpy 1.24.2: 0.25*np.log(3))
    double psi = Psi.index(new double[] {0.5, 0.5}, new double[] {0.25, 0.75});

    assertThat(psi).isCloseTo(0.25 * Math.log(3), within(1e-15));
    assertThat(Psi.index(new double[] {0.25, 0.75}, new double[] {0.5, 0.5}))
        .isCloseTo(psi, within(1e-15));
    assertThat(Psi.index(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isEqualTo(0.0);
  }

  @Test
  void emptyBin_flooredToFiniteValue() {
    // expected [1, 0] -> [1, 1e-4]; actual [0.5, 0.5]:
    // (0.5 - 1) ln(0.5) + (0.5 - 1e-4) ln(0.5 / 1e-4) = 0.346574 + 0.4999 * 8.517193 = 4.604318
    // numpy 1.24.2: e=np.maximum([1,0],1e-4); a=np.maximum([0.5,0.5],1e-4);
    //   np.sum((a-e)*np.log(a/e)) -> 4.604318466668949
    assertThat(Psi.index(new double[] {1, 0}, new double[] {0.5, 0.5}))
        .isCloseTo(4.604318466668949, within(1e-12));
    assertThat(Psi.EPSILON).isEqualTo(1e-4);
  }

  @Test
  void edges_areLinearQuantilesAsNumpy() {
    // Positions q * (n - 1) = 2.25, 4.5, 6.75 in 1..10 -> 3.25, 5.5, 7.75.
    // numpy 1.24.2: np.quantile([1,2,3,4,5,6,7,8,9,10],[0.25,0.5,0.75]) -> [3.25, 5.5, 7.75]
    assertThat(Psi.edges(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 4))
        .containsExactly(3.25, 5.5, 7.75);

    // numpy 1.24.2: x=[(i*0.37)%1 for i in range(200)]; np.quantile(x,[0.1*k for k in range(1,10)])
    double[] numpy = {
      0.09899999999999969, 0.197999999999999, 0.2969999999999981, 0.39599999999999946,
      0.4949999999999992, 0.5939999999999979, 0.6929999999999998, 0.7919999999999989,
      0.8910000000000003
    };
    assertThat(Psi.edges(sawtooth(200, 0.37, 0), 10)).containsExactly(numpy, within(1e-12));
  }

  @Test
  void edges_constantDataGiveOneBin() {
    double[] widths = new double[50];
    Arrays.fill(widths, 32);

    double[] edges = Psi.edges(widths, 10);

    assertThat(edges).isEmpty();
    assertThat(Psi.proportions(edges, new double[] {32, 64, 16})).containsExactly(1.0);
  }

  @Test
  void edges_repeatedQuantilesKeptOnce() {
    // 40 x 32 and 10 x 64: deciles 1..7 are 32 (the minimum, dropped), 8 interpolates, 9 is 64.
    double[] widths = new double[50];
    Arrays.fill(widths, 0, 40, 32);
    Arrays.fill(widths, 40, 50, 64);

    double[] edges = Psi.edges(widths, 10);

    // Decile 8: position 0.8 * 49 = 39.2 -> 32 + 0.2 * (64 - 32) = 38.4.
    assertThat(edges).containsExactly(new double[] {38.4, 64}, within(1e-9));
    assertThat(Psi.proportions(edges, widths)).containsExactly(0.8, 0.0, 0.2);
  }

  @Test
  void proportions_binIsNumberOfEdgesAtOrBelowValue() {
    // Edges 1 and 2: v < 1 -> bin 0; 1 <= v < 2 -> bin 1; v >= 2 -> bin 2.
    double[] fractions = Psi.proportions(new double[] {1, 2}, new double[] {0, 1, 1.5, 2, 3});

    assertThat(fractions).containsExactly(0.2, 0.4, 0.4);
  }

  @Test
  void ofCounts_handComputedAndFloored() {
    // [50, 50] -> [0.5, 0.5]; [25, 75] -> [0.25, 0.75]: the hand case above, 0.25 ln 3.
    assertThat(Psi.ofCounts(new long[] {50, 50}, new long[] {25, 75}))
        .isCloseTo(0.25 * Math.log(3), within(1e-15));
    // [10, 0] vs [5, 5]: the empty-bin case above, 4.604318466668949.
    assertThat(Psi.ofCounts(new long[] {10, 0}, new long[] {5, 5}))
        .isCloseTo(4.604318466668949, within(1e-12));
  }

  @Test
  void badInput_rejectedWithReason() {
    assertThatThrownBy(() -> Psi.index(new double[] {1}, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected has 1 bins but actual has 2");
    assertThatThrownBy(() -> Psi.ofCounts(new long[] {0, 0}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts expected are all zero");
    assertThatThrownBy(() -> Psi.edges(new double[0], 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample baseline is empty");
    assertThatThrownBy(() -> Psi.edges(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bins is 0");
    assertThatThrownBy(() -> Psi.proportions(new double[] {2, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not strictly increasing");
  }
}
