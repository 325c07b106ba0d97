package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {
  @Test
  void twoByTwo_handComputed() {
    // Row totals 30 and 30, column totals 30 and 30, N = 60: every expected count is 15.
    // chi2 = 4 * (20 - 15)^2 / 15 = 100 / 15 = 6.6667 with 1 degree of freedom.
    // scipy 1.10.1: scipy.stats.chi2_contingency([[10,20],[20,10]], correction=False)
    //   -> 6.666666666666667, p 0.009823274507519235, dof 1
    TestResult result = ChiSquare.homogeneity(new long[] {10, 20}, new long[] {20, 10});

    assertThat(result.statistic()).isCloseTo(100.0 / 15, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.009823274507519235, within(1e-12));
  }

  @Test
  void fourCategories_matchScipy() {
    // scipy 1.10.1: scipy.stats.chi2_contingency([[120,80,40,10],[90,95,60,5]], correction=False)
    //   -> 11.238095238095237, p 0.010505672018061685, dof 3
    TestResult result =
        ChiSquare.homogeneity(new long[] {120, 80, 40, 10}, new long[] {90, 95, 60, 5});

    assertThat(result.statistic()).isCloseTo(11.238095238095237, within(1e-10));
    assertThat(result.pValue()).isCloseTo(0.010505672018061685, within(1e-12));
  }

  @Test
  void categoriesZeroInBothRows_areDropped() {
    // scipy 1.10.1: scipy.stats.chi2_contingency([[10,20,30],[15,15,40]], correction=False)
    //   -> 2.3877551020408165, p 0.30304391468510006, dof 2 (zero columns removed by hand:
    //   scipy raises on a zero expected frequency)
    TestResult result =
        ChiSquare.homogeneity(new long[] {0, 10, 20, 0, 30}, new long[] {0, 15, 15, 0, 40});

    assertThat(result.statistic()).isCloseTo(2.3877551020408165, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.30304391468510006, within(1e-12));
  }

  @Test
  void fewerThanTwoCategoriesLeft_statisticZeroPOne() {
    assertThat(ChiSquare.homogeneity(new long[] {5, 0, 0}, new long[] {7, 0, 0}))
        .isEqualTo(new TestResult(0, 1));
    assertThat(ChiSquare.homogeneity(new long[] {0}, new long[] {0}))
        .isEqualTo(new TestResult(0, 1));
  }

  @Test
  void badCounts_rejectedNamingTheArgument() {
    assertThatThrownBy(() -> ChiSquare.homogeneity(new long[] {1, 2}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseline has 2 categories but incoming has 1");
    assertThatThrownBy(() -> ChiSquare.homogeneity(new long[] {1, -2}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts baseline hold -2 at index 1");
    assertThatThrownBy(() -> ChiSquare.homogeneity(new long[] {3, 4}, new long[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts incoming are all zero");
  }
}
