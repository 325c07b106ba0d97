package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FisherExactTest {
  private static final Map<String, String> PYTHON =
      Map.of(
          "small", "st.fisher_exact([[3, 7], [9, 1]])[1]",
          "lopsided", "st.fisher_exact([[0, 12], [6, 6]])[1]",
          "balanced", "st.fisher_exact([[5, 5], [5, 5]])[1]",
          "larger", "st.fisher_exact([[20, 180], [35, 165]])[1]");

  private static Map<String, Double> scipy;

  @BeforeAll
  static void scipy() {
    scipy = Scipy.evaluate(PYTHON);
  }

  @Test
  void twoSided_matchesScipy() {
    assertThat(FisherExact.twoSided(3, 7, 9, 1).pValue())
        .isCloseTo(scipy.get("small"), within(1e-12));
    assertThat(FisherExact.twoSided(0, 12, 6, 6).pValue())
        .isCloseTo(scipy.get("lopsided"), within(1e-12));
    assertThat(FisherExact.twoSided(5, 5, 5, 5).pValue())
        .isCloseTo(scipy.get("balanced"), within(1e-12));
    assertThat(FisherExact.twoSided(20, 180, 35, 165).pValue())
        .isCloseTo(scipy.get("larger"), within(1e-12));
  }

  @Test
  void emptyMargin_pOne() {
    assertThat(FisherExact.twoSided(0, 0, 3, 4).pValue()).isEqualTo(1);
    assertThat(FisherExact.twoSided(0, 5, 0, 4).pValue()).isEqualTo(1);
  }

  @Test
  void smallCounts_cochransRule() {
    // Smallest expected cell: smaller row total x smaller column total / N.
    // [[3, 7], [9, 1]]: 10 * 8 / 20 = 4; [[10, 10], [12, 8]]: 20 * 18 / 40 = 9;
    // [[2, 18], [3, 17]]: 20 * 5 / 40 = 2.5.
    assertThat(FisherExact.smallCounts(3, 7, 9, 1)).isTrue();
    assertThat(FisherExact.smallCounts(10, 10, 12, 8)).isFalse();
    assertThat(FisherExact.smallCounts(2, 18, 3, 17)).isTrue();
    assertThat(FisherExact.smallCounts(20, 180, 35, 165)).isFalse();
    assertThat(FisherExact.smallCounts(0, 0, 0, 0)).isTrue();
  }
}
