package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RatioMetricTest {
  private static final int[] X = {0, 1, 3, 0, 2, 1, 0, 4, 1, 0};
  private static final int[] N = {2, 5, 7, 1, 4, 3, 6, 9, 2, 3};

  /** The delta-method variance written out in numpy, with sample (ddof=1) moments. */
  private static final String DELTA =
      "(lambda x, n: (np.var(x, ddof=1) - 2 * (x.sum() / n.sum()) * np.cov(x, n, ddof=1)[0, 1]"
          + " + (x.sum() / n.sum()) ** 2 * np.var(n, ddof=1)) / (len(x) * n.mean() ** 2))"
          + "(np.array([0, 1, 3, 0, 2, 1, 0, 4, 1, 0]), np.array([2, 5, 7, 1, 4, 3, 6, 9, 2, 3]))";

  private static final Map<String, String> PYTHON =
      Map.of(
          "delta",
          DELTA,
          // One prediction per user: the ratio is a mean of 0/1 values, its variance var(x)/N.
          "bernoulli",
          "np.var([0, 1, 1, 0, 0, 0, 1, 0], ddof=1) / 8");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  private static RatioMetric of(int[] x, int[] n) {
    RatioMetric metric = RatioMetric.EMPTY;
    for (int i = 0; i < x.length; i++) {
      metric = metric.plus(x[i], n[i]);
    }
    return metric;
  }

  @Test
  void deltaVariance_matchesNumpy() {
    RatioMetric metric = of(X, N);

    assertThat(metric.ratio()).isCloseTo(12.0 / 42, within(1e-15));
    assertThat(metric.variance()).isCloseTo(scipy.get("delta"), within(1e-15));
    assertThat(metric.unitVariance()).isCloseTo(10 * scipy.get("delta"), within(1e-14));
  }

  @Test
  void onePredictionPerUser_isTheSampleVarianceOfTheMean() {
    RatioMetric metric = of(new int[] {0, 1, 1, 0, 0, 0, 1, 0}, new int[] {1, 1, 1, 1, 1, 1, 1, 1});

    assertThat(metric.variance()).isCloseTo(scipy.get("bernoulli"), within(1e-15));
  }

  @Test
  void tooFewUsers_varianceUnknown() {
    assertThat(RatioMetric.EMPTY.ratio()).isNaN();
    assertThat(RatioMetric.EMPTY.plus(1, 3).variance()).isNaN();
  }
}
