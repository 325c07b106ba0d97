package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleSizeTest {
  private static final Map<String, String> PYTHON =
      Map.of(
          "fixed",
          "math.ceil((st.norm.ppf(1 - 0.05 / 2) + st.norm.ppf(0.8)) ** 2 * 2 * 0.08 / 0.05**2)",
          "sequentialPower",
          "(lambda v, t, a, d: (lambda c: st.norm.cdf(d / math.sqrt(v) - c)"
              + " + st.norm.cdf(-d / math.sqrt(v) - c))(math.sqrt((v + t*t) / (t*t)"
              + " * (2 * math.log(1 / a) + math.log((v + t*t) / v)))))"
              + "(2 * 0.08 / 700, 0.05, 0.05, 0.05)");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void fixedHorizon_matchesScipy() {
    assertThat(SampleSize.fixedHorizon(0.08, 0.05, 0.05, 0.8))
        .isEqualTo(Math.round(scipy.get("fixed")));
  }

  @Test
  void sequentialPower_matchesScipy() {
    assertThat(SampleSize.sequentialPower(700, 0.08, 0.05, 0.05, 0.05))
        .isCloseTo(scipy.get("sequentialPower"), within(1e-12));
  }

  @Test
  void sequential_isTheSmallestSizeWithThePower_andLargerThanFixed() {
    long n = SampleSize.sequential(0.08, 0.05, 0.05, 0.8, 0.05);

    assertThat(SampleSize.sequentialPower(n, 0.08, 0.05, 0.05, 0.05)).isGreaterThanOrEqualTo(0.8);
    assertThat(SampleSize.sequentialPower(n - 1, 0.08, 0.05, 0.05, 0.05)).isLessThan(0.8);
    assertThat(n).isGreaterThan(SampleSize.fixedHorizon(0.08, 0.05, 0.05, 0.8));
  }

  @Test
  void badArguments_rejected() {
    assertThatThrownBy(() -> SampleSize.fixedHorizon(0, 0.05, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit variance 0.0");
  }
}
