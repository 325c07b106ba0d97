package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.stats.TestResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleRatioTest {
  private static final Map<String, String> PYTHON =
      Map.of(
          "even", "st.chisquare([520, 480], f_exp=[500, 500]).pvalue",
          "evenStat", "st.chisquare([520, 480], f_exp=[500, 500]).statistic",
          "thirty", "st.chisquare([1450, 550], f_exp=[2000 * 0.7, 2000 * 0.3]).pvalue",
          "dropped", "st.chisquare([5000, 4400], f_exp=[4700, 4700]).pvalue");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void evenSplit_matchesScipy() {
    TestResult result = SampleRatio.test(520, 480, 0.5);

    assertThat(result.statistic()).isCloseTo(scipy.get("evenStat"), within(1e-12));
    assertThat(result.pValue()).isCloseTo(scipy.get("even"), within(1e-12));
    assertThat(result.pValue()).isGreaterThan(SampleRatio.ALERT_P);
  }

  @Test
  void unevenShare_matchesScipy() {
    assertThat(SampleRatio.test(1450, 550, 0.3).pValue())
        .isCloseTo(scipy.get("thirty"), within(1e-12));
  }

  @Test
  void lostUsers_alert() {
    double p = SampleRatio.test(5000, 4400, 0.5).pValue();

    assertThat(p / scipy.get("dropped")).isCloseTo(1, within(1e-9));
    assertThat(p).isLessThan(SampleRatio.ALERT_P);
  }

  @Test
  void noUsers_noEvidence_badShareRejected() {
    assertThat(SampleRatio.test(0, 0, 0.5)).isEqualTo(new TestResult(0, 1));
    assertThatThrownBy(() -> SampleRatio.test(1, 1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("treatment share is 1.0");
  }
}
