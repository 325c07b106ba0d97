package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MmdTest {
  private static final float[][] X = {{0}, {1}};
  private static final float[][] Y = {{2}, {3}};

  /** n rows of d independent normal values with mean {@code shift} and sd 1. */
  private static float[][] normal(int n, int d, double shift, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        rows[i][k] = (float) (shift + random.nextGaussian());
      }
    }
    return rows;
  }

  @Test
  void twoPlusTwoPoints_fixedBandwidth_handComputed() {
    // s = 1, k(d) = exp(-d^2 / 2). Within x (and within y): distances 0, 1, 1, 0
    //   -> mean (2 + 2 e^-0.5) / 4. Between: distances 2, 3, 1, 2 -> mean (2 e^-2 + e^-4.5 +
    // e^-0.5) / 4.
    // MMD^2 = 2 (2 + 2 e^-0.5) / 4 - 2 (2 e^-2 + e^-4.5 + e^-0.5) / 4
    //       = 1 + 0.5 e^-0.5 - e^-2 - 0.5 e^-4.5 = 1.1623755483505829
    double expected = 1 + 0.5 * Math.exp(-0.5) - Math.exp(-2) - 0.5 * Math.exp(-4.5);

    MmdResult result = Mmd.test(X, Y, 999, 7, 1.0);

    assertThat(result.statistic()).isCloseTo(expected, within(1e-12));
    assertThat(result.bandwidth()).isEqualTo(1.0);
    // Only 2 of the C(4,2) = 6 equally likely splits ({0,1}|{2,3} and its mirror) reach the
    // observed value, so p -> 1/3 as permutations grow.
    assertThat(result.pValue()).isBetween(0.28, 0.39);
  }

  @Test
  void medianHeuristic_twoPlusTwoPoints() {
    // Pooled 0, 1, 2, 3: pair distances 1, 2, 3, 1, 2, 1 -> sorted 1,1,1,2,2,3 -> median 1.5.
    // numpy 1.24.2 / scipy 1.10.1: s = np.median(pdist(z)); k = exp(-cdist(a,b,'sqeuclidean')/(2
    // s^2));
    //   k(x,x).mean() + k(y,y).mean() - 2 k(x,y).mean() -> 0.9215887693329103, s 1.5
    MmdResult result = Mmd.test(X, Y, 10, 1);

    assertThat(result.bandwidth()).isEqualTo(1.5);
    assertThat(result.statistic()).isCloseTo(0.9215887693329103, within(1e-12));
    assertThat(result.permutations()).isEqualTo(10);
  }

  @Test
  void threeDimensionalRows_matchNumpy() {
    // x[i][k] = float32(sin(0.7 i + 1.3 k)), 5 rows; y[i][k] = float32(cos(0.9 i + 0.4 k) + 0.3),
    // 7 rows; the same V-statistic and median heuristic in numpy 1.24.2 / scipy 1.10.1 (see above)
    //   -> statistic 0.19548556778304138, bandwidth 1.5231051677626328
    float[][] x = new float[5][3];
    float[][] y = new float[7][3];
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 5; i++) {
        x[i][k] = (float) Math.sin(0.7 * i + 1.3 * k);
      }
      for (int i = 0; i < 7; i++) {
        y[i][k] = (float) (Math.cos(0.9 * i + 0.4 * k) + 0.3);
      }
    }

    MmdResult result = Mmd.test(x, y, 50, 3);

    assertThat(result.statistic()).isCloseTo(0.19548556778304138, within(1e-9));
    assertThat(result.bandwidth()).isCloseTo(1.5231051677626328, within(1e-9));
    assertThat(Mmd.test(y, x, 50, 3).statistic()).isCloseTo(result.statistic(), within(1e-12));
  }

  @Test
  void sameDistribution_mostlyNotSignificant() {
    int notSignificant = 0;
    for (long seed = 0; seed < 20; seed++) {
      float[][] x = normal(40, 4, 0, 1000 + seed);
      float[][] y = normal(40, 4, 0, 2000 + seed);
      if (Mmd.test(x, y, 100, seed).pValue() > 0.05) {
        notSignificant++;
      }
    }
    // A valid test rejects about 1 in 20 here (P(>= 6 of 20 rejections) is about 0.003). An
    // anti-conservative one fails: e.g. the observed statistic as a V-statistic (with the kernel's
    // diagonal) against permuted U-statistics (without it) rejected 20 of 20.
    assertThat(notSignificant).isGreaterThanOrEqualTo(15);
  }

  @Test
  void shiftOfOneStandardDeviation_isSignificant() {
    float[][] x = normal(60, 4, 0, 11);
    float[][] y = normal(60, 4, 1, 12);

    MmdResult result = Mmd.test(x, y, 200, 5);

    assertThat(result.pValue()).isLessThan(0.01);
    assertThat(result.pValue()).isEqualTo(1.0 / 201); // no relabelling comes close
  }

  @Test
  void sameSeed_samePValue() {
    float[][] x = normal(30, 3, 0, 21);
    float[][] y = normal(30, 3, 0.2, 22);

    MmdResult first = Mmd.test(x, y, 200, 42);
    MmdResult second = Mmd.test(x, y, 200, 42);

    assertThat(second).isEqualTo(first);
    assertThat(first.pValue()).isBetween(1.0 / 201, 1.0);
  }

  @Test
  void identicalRows_bandwidthOneAndPOne() {
    float[][] same = {{1, 2}, {1, 2}, {1, 2}};

    MmdResult result = Mmd.test(same, same, 20, 1);

    assertThat(result.bandwidth()).isEqualTo(1.0);
    assertThat(result.statistic()).isCloseTo(0, within(1e-12));
    assertThat(result.pValue()).isEqualTo(1.0);
  }

  @Test
  void thousandRows_twoHundredPermutations_isFast() {
    float[][] x = normal(500, 16, 0, 31);
    float[][] y = normal(500, 16, 0, 32);
    Mmd.test(normal(50, 16, 0, 1), normal(50, 16, 0, 2), 200, 1); // warm-up

    long start = System.nanoTime();
    Mmd.test(x, y, 200, 9);
    long millis = (System.nanoTime() - start) / 1_000_000;

    // Generous bound for a shared machine; the brief's target is well under 1 s.
    assertThat(millis).isLessThan(1500);
  }

  @Test
  void badShapes_rejectedNamingTheRow() {
    assertThatThrownBy(() -> Mmd.test(new float[0][], Y, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample x is empty");
    assertThatThrownBy(() -> Mmd.test(new float[][] {{1, 2}, {3}}, Y, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x[1] has 1 values but rows of x have 2");
    assertThatThrownBy(() -> Mmd.test(X, new float[][] {{1, 2}}, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y[0] has 2 values");
    assertThatThrownBy(() -> Mmd.test(X, new float[][] {{Float.NaN}}, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y[0][0] is NaN");
    assertThatThrownBy(() -> Mmd.test(X, Y, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permutations is 0");
  }
}
