package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinomialTest {
  @Test
  void threeFairCoins_handComputed() {
    // P(X <= 1) = (C(3,0) + C(3,1)) / 2^3 = (1 + 3) / 8 = 0.5.
    // scipy 1.10.1: scipy.stats.binom.cdf(1, 3, 0.5) -> 0.5
    assertThat(Binomial.lowerTail(1, 3, 0.5)).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void lowerTails_matchScipy() {
    // scipy 1.10.1: scipy.stats.binom.cdf(3, 10, 0.7) -> 0.01059207840000001
    assertThat(Binomial.lowerTail(3, 10, 0.7)).isCloseTo(0.0105920784, within(1e-14));
    // scipy 1.10.1: scipy.stats.binom.cdf(45, 100, 0.5) -> 0.18410080866334788
    assertThat(Binomial.lowerTail(45, 100, 0.5)).isCloseTo(0.18410080866334788, within(1e-13));
    // scipy 1.10.1: scipy.stats.binom.cdf(180, 200, 0.95) -> 0.0026645795498294743
    assertThat(Binomial.lowerTail(180, 200, 0.95)).isCloseTo(0.0026645795498294743, within(1e-14));
    // scipy 1.10.1: scipy.stats.binom.cdf(0, 5, 0.0) -> 1.0
    assertThat(Binomial.lowerTail(0, 5, 0.0)).isEqualTo(1.0);
  }

  @Test
  void kOutsideSupport_givesZeroOrOne() {
    assertThat(Binomial.lowerTail(-1, 10, 0.3)).isEqualTo(0.0);
    assertThat(Binomial.lowerTail(10, 10, 0.3)).isEqualTo(1.0);
  }

  @Test
  void badParameters_rejected() {
    assertThatThrownBy(() -> Binomial.lowerTail(1, -1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n is -1");
    assertThatThrownBy(() -> Binomial.lowerTail(1, 3, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p is 1.5");
    assertThatThrownBy(() -> Binomial.lowerTail(1, 3, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p is NaN");
  }
}
