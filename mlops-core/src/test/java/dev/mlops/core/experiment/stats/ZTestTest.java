package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.stats.TestResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZTestTest {
  /** The Python calls the values are checked against (scipy via {@link Scipy}). */
  private static final Map<String, String> PYTHON =
      Map.of(
          "difference", "2 * st.norm.sf(abs(-0.031 / math.sqrt(0.00021)))",
          "proportions",
              "(lambda p: 2 * st.norm.sf(abs((25/200 - 40/200)"
                  + " / math.sqrt(p * (1 - p) * (1/200 + 1/200)))))(65/400)",
          "proportionsZ", "(lambda p: (25/200 - 40/200) / math.sqrt(p*(1-p)*(2/200)))(65/400)",
          "quantile", "st.norm.ppf(0.975)",
          "far", "2 * st.norm.sf(7.5)");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void difference_matchesScipy() {
    TestResult result = ZTest.difference(-0.031, 0.00021);

    assertThat(result.statistic()).isCloseTo(-0.031 / Math.sqrt(0.00021), within(1e-12));
    assertThat(result.pValue()).isCloseTo(scipy.get("difference"), within(1e-12));
  }

  @Test
  void farTail_keepsRelativePrecision() {
    double p = ZTest.difference(7.5, 1).pValue();

    assertThat(p / scipy.get("far")).isCloseTo(1, within(1e-9));
  }

  @Test
  void twoProportions_pooledVariance_matchesScipy() {
    TestResult result = ZTest.twoProportions(40, 200, 25, 200);

    assertThat(result.statistic()).isCloseTo(scipy.get("proportionsZ"), within(1e-12));
    assertThat(result.pValue()).isCloseTo(scipy.get("proportions"), within(1e-12));
  }

  @Test
  void quantile_matchesScipy() {
    assertThat(ZTest.quantile(0.975)).isCloseTo(scipy.get("quantile"), within(1e-12));
  }

  @Test
  void noVariance_noEvidence() {
    assertThat(ZTest.difference(0.1, 0)).isEqualTo(new TestResult(0, 1));
    assertThat(ZTest.difference(0.1, Double.NaN)).isEqualTo(new TestResult(0, 1));
    assertThat(ZTest.twoProportions(0, 0, 3, 10)).isEqualTo(new TestResult(0, 1));
  }

  @Test
  void badCounts_rejected() {
    assertThatThrownBy(() -> ZTest.twoProportions(11, 10, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x1 is 11 of 10");
  }
}
