package dev.mlops.core.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting for messages and the report. */
final class Numbers {
  private static final int MAX_DECIMALS = 12;

  private Numbers() {}

  /** A configured value as the user would write it: {@code 0.9}, not {@code 0.90000} or 9E-1. */
  static String plain(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** {@code value} rounded to at most {@code decimals} decimals, trailing zeros dropped. */
  static String rounded(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN);
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  /**
   * {@code value} with 4 decimals, or more when needed so that the printed value compares with
   * {@code reference} as the value does: "0.8888889 is below 0.88889" must not read "0.8889 is
   * below 0.88889" nor "0.88889 is below 0.88889".
   */
  static String distinct(double value, double reference) {
    int decimals = 4;
    String text = rounded(value, decimals);
    while (decimals < MAX_DECIMALS
        && Double.isFinite(value)
        && Integer.signum(Double.compare(Double.parseDouble(text), reference))
            != Integer.signum(Double.compare(value, reference))) {
      decimals++;
      text = rounded(value, decimals);
    }
    return text;
  }
}
