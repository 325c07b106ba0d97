package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MsprtTest {
  /** Lambda as the ratio of the difference's densities under the mixture and under the null. */
  private static final Map<String, String> PYTHON =
      Map.of(
          "small",
              "st.norm.pdf(-0.012, scale=math.sqrt(0.0004 + 0.05**2))"
                  + " / st.norm.pdf(-0.012, scale=math.sqrt(0.0004))",
          "large",
              "st.norm.pdf(0.06, scale=math.sqrt(0.00015 + 0.05**2))"
                  + " / st.norm.pdf(0.06, scale=math.sqrt(0.00015))");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void likelihoodRatio_isTheDensityRatio_matchesScipy() {
    assertThat(Math.exp(Msprt.logLikelihoodRatio(-0.012, 0.0004, 0.05)))
        .isCloseTo(scipy.get("small"), within(1e-12));
    assertThat(Math.exp(Msprt.logLikelihoodRatio(0.06, 0.00015, 0.05)) / scipy.get("large"))
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void update_isTheRunningMinimumOfOneOverLambda_cappedAtOne() {
    double weak = Msprt.update(1, 0.001, 0.0004, 0.05); // Lambda < 1: 1/Lambda > 1
    assertThat(weak).isEqualTo(1);
    double strong = Msprt.update(weak, 0.06, 0.00015, 0.05);
    assertThat(strong).isCloseTo(1 / scipy.get("large"), within(1e-12));
    assertThat(Msprt.update(strong, 0.0, 0.0001, 0.05)).isEqualTo(strong);
  }

  @Test
  void criticalZ_isWhereOneOverLambdaIsAlpha() {
    double variance = 0.0002;
    double z = Msprt.criticalZ(variance, 0.05, 0.05);
    double atCritical = Msprt.update(1, z * Math.sqrt(variance), variance, 0.05);

    assertThat(atCritical).isCloseTo(0.05, within(1e-12));
    assertThat(z).isGreaterThan(ZTest.quantile(0.975));
  }

  @Test
  void noVariance_noEvidence_badTauRejected() {
    assertThat(Msprt.logLikelihoodRatio(0.1, 0, 0.05)).isZero();
    assertThatThrownBy(() -> Msprt.logLikelihoodRatio(0.1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tau is 0.0");
  }
}
