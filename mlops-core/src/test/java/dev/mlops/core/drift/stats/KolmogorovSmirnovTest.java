package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {
  private static final double TOL = 1e-12;

  /** values[i] = (i * step) % 1 + offset: reproducible in Python as [(i*step)%1+offset ...]. */
  static double[] sawtooth(int n, double step, double offset) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i * step) % 1 + offset;
    }
    return values;
  }

  @Test
  void separatedSamples_handComputed() {
    // Every a below every b: D = 1. Exact null distribution for n = m = 3: D = 1 only for the
    // 2 of C(6,3) = 20 orderings where one sample comes entirely first, so p = 2/20 = 0.1.
    // scipy 1.10.1: scipy.stats.ks_2samp([1,2,3],[4,5,6]) -> statistic 1.0, pvalue
    // 0.09999999999999999
    TestResult result = KolmogorovSmirnov.twoSample(new double[] {1, 2, 3}, new double[] {4, 5, 6});

    assertThat(result.statistic()).isEqualTo(1.0);
    assertThat(result.pValue()).isCloseTo(0.1, within(TOL));
  }

  @Test
  void tieHeavySamples_statisticAtEndOfTiesAsScipy() {
    // F_a(1) = 3/6, F_b(1) = 1/7: 0.5 - 0.142857 = 5/14; F_a(2) = 5/6, F_b(2) = 4/7: 11/42 < 5/14;
    // F(3) = 1 for both. D = 5/14 = 0.357142857.
    // scipy 1.10.1: scipy.stats.ks_2samp([1,1,1,2,2,3],[1,2,2,2,3,3,3])
    //   -> statistic 0.35714285714285715, pvalue 0.7115384615384616
    TestResult result =
        KolmogorovSmirnov.twoSample(
            new double[] {1, 1, 1, 2, 2, 3}, new double[] {1, 2, 2, 2, 3, 3, 3});

    assertThat(result.statistic()).isCloseTo(5.0 / 14, within(TOL));
    assertThat(result.pValue()).isCloseTo(0.7115384615384616, within(TOL));
  }

  @Test
  void identicalConstants_statisticZeroPOne() {
    // scipy 1.10.1: scipy.stats.ks_2samp([32.0]*5,[32.0]*3) -> statistic 0.0, pvalue 1.0
    double[] widths = new double[5];
    Arrays.fill(widths, 32);
    double[] incoming = {32, 32, 32};

    assertThat(KolmogorovSmirnov.twoSample(widths, incoming)).isEqualTo(new TestResult(0, 1));
  }

  @Test
  void twoValuedWidths_matchScipy() {
    // a: 40 x 32 and 10 x 64, b: 20 x 32 and 20 x 64. D = F_a(32) - F_b(32) = 0.8 - 0.5 = 0.3.
    // scipy 1.10.1: scipy.stats.ks_2samp([32]*40+[64]*10,[32]*20+[64]*20)
    //   -> statistic 0.3, pvalue 0.029491469753400675
    double[] a = new double[50];
    Arrays.fill(a, 0, 40, 32);
    Arrays.fill(a, 40, 50, 64);
    double[] b = new double[40];
    Arrays.fill(b, 0, 20, 32);
    Arrays.fill(b, 20, 40, 64);

    TestResult result = KolmogorovSmirnov.twoSample(a, b);

    assertThat(result.statistic()).isCloseTo(0.3, within(TOL));
    assertThat(result.pValue()).isCloseTo(0.029491469753400675, within(1e-10));
  }

  @Test
  void largerSamples_exactPValueMatchesScipy() {
    // scipy 1.10.1: a=[(i*0.37)%1 for i in range(200)]; b=[(i*0.53)%1+0.1 for i in range(300)]
    //   scipy.stats.ks_2samp(a,b) -> statistic 0.11, pvalue 0.10406407399422825
    TestResult result =
        KolmogorovSmirnov.twoSample(sawtooth(200, 0.37, 0), sawtooth(300, 0.53, 0.1));

    assertThat(result.statistic()).isCloseTo(0.11, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.10406407399422825, within(1e-10));
  }

  @Test
  void samplesOverExactLimit_asymptoticPValueMatchesScipy() {
    // scipy 1.10.1: a=[(i*0.37)%1 for i in range(12000)]; b=[(i*0.53)%1+0.02 for i in range(11000)]
    //   scipy.stats.ks_2samp(a,b) -> statistic 0.030000000000000027, pvalue 6.38658981271588e-05
    TestResult result =
        KolmogorovSmirnov.twoSample(sawtooth(12_000, 0.37, 0), sawtooth(11_000, 0.53, 0.02));

    assertThat(result.statistic()).isCloseTo(0.03, within(1e-12));
    assertThat(result.pValue()).isCloseTo(6.38658981271588e-05, within(1e-9));
  }

  @Test
  void fiveThousandEach_isFast() {
    double[] a = sawtooth(5000, 0.37, 0);
    double[] b = sawtooth(4999, 0.53, 0.02);
    KolmogorovSmirnov.twoSample(a, b); // warm-up: class loading and JIT

    long start = System.nanoTime();
    TestResult result = KolmogorovSmirnov.twoSample(a, b);
    long millis = (System.nanoTime() - start) / 1_000_000;

    // scipy 1.10.1: ks_2samp([(i*0.37)%1 for i in range(5000)], [(i*0.53)%1+0.02 for i in
    //   range(4999)]) -> statistic 0.030104020804160834, pvalue 0.020899723258192286
    assertThat(result.pValue()).isCloseTo(0.020899723258192286, within(1e-10));
    // Measured about 8 ms; the bound leaves room for a loaded shared machine.
    assertThat(millis).isLessThan(250);
  }

  @Test
  void emptySample_namesIt() {
    assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1, 2}, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample b is empty");
    assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[0], new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample a is empty");
  }

  @Test
  void singleValueOrNaN_rejectedNamingTheSample() {
    assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample a has 1 value(s); it needs at least 2");
    assertThatThrownBy(
            () -> KolmogorovSmirnov.twoSample(new double[] {1, 2}, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample b holds NaN at index 1");
  }
}
