package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class McNemarTest {
  private static final Map<String, String> PYTHON =
      Map.of(
          "few", "st.binomtest(3, 3 + 12, 0.5).pvalue",
          "reversed", "st.binomtest(12, 12 + 3, 0.5).pvalue",
          "even", "st.binomtest(7, 14, 0.5).pvalue",
          "many", "st.binomtest(140, 140 + 95, 0.5).pvalue");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void exact_matchesScipyBinomtest() {
    assertThat(McNemar.exact(3, 12).pValue()).isCloseTo(scipy.get("few"), within(1e-12));
    assertThat(McNemar.exact(12, 3).pValue()).isCloseTo(scipy.get("reversed"), within(1e-12));
    assertThat(McNemar.exact(7, 7).pValue()).isCloseTo(scipy.get("even"), within(1e-12));
    assertThat(McNemar.exact(140, 95).pValue()).isCloseTo(scipy.get("many"), within(1e-12));
  }

  @Test
  void handComputed_threeOfFifteen() {
    // 2 * P(X <= 3), X ~ Binomial(15, 1/2) = 2 * (1 + 15 + 105 + 455) / 2^15 = 1152 / 32768.
    assertThat(McNemar.exact(3, 12).pValue()).isCloseTo(1152.0 / 32768, within(1e-15));
    assertThat(McNemar.exact(3, 12).statistic()).isEqualTo(-9);
  }

  @Test
  void noDiscordantPairs_pOne() {
    assertThat(McNemar.exact(0, 0).pValue()).isEqualTo(1);
  }
}
