package dev.mlops.core.drift.stats;

import java.util.Arrays;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Pearson's chi-square test of homogeneity for categorical data (for example predicted classes): do
 * the baseline and the incoming counts come from the same distribution over the categories?
 *
 * <p>The 2 x k contingency table has the baseline counts as its first row and the incoming counts
 * as its second. Categories that are zero in both rows carry no information and are dropped first
 * (otherwise their expected count is 0); if fewer than 2 categories remain there is nothing to
 * compare and the result is statistic 0, p-value 1. The statistic is sum (O - E)^2 / E with E from
 * the row and column totals, without Yates' continuity correction, and the p-value is the
 * chi-square survival function with k - 1 degrees of freedom; this equals {@code
 * scipy.stats.chi2_contingency(table, correction=False)}. Computed by Apache Commons Statistics'
 * {@link ChiSquareTest}.
 */
public final class ChiSquare {
  private ChiSquare() {}

  /**
   * Tests whether {@code baseline} and {@code incoming} counts share one distribution.
   *
   * @param baseline counts per category in the baseline
   * @param incoming counts per category in the incoming data, same length and order
   * @return the chi-square statistic and its p-value
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ, a count is
   *     negative, or one row is all zero while the other is not (nothing to compare it with)
   */
  public static TestResult homogeneity(long[] baseline, long[] incoming) {
    Samples.requireCounts("baseline", baseline);
    Samples.requireCounts("incoming", incoming);
    if (baseline.length != incoming.length) {
      throw new IllegalArgumentException(
          "baseline has "
              + baseline.length
              + " categories but incoming has "
              + incoming.length
              + "; both must count the same categories");
    }
    long[][] table = withoutEmptyCategories(baseline, incoming);
    if (table[0].length < 2) {
      return new TestResult(0, 1);
    }
    requireNonZeroRow("baseline", table[0]);
    requireNonZeroRow("incoming", table[1]);
    SignificanceResult result = ChiSquareTest.withDefaults().test(table);
    return new TestResult(result.getStatistic(), Math.min(1, Math.max(0, result.getPValue())));
  }

  private static long[][] withoutEmptyCategories(long[] baseline, long[] incoming) {
    long[] first = new long[baseline.length];
    long[] second = new long[baseline.length];
    int kept = 0;
    for (int i = 0; i < baseline.length; i++) {
      if (baseline[i] != 0 || incoming[i] != 0) {
        first[kept] = baseline[i];
        second[kept] = incoming[i];
        kept++;
      }
    }
    return new long[][] {Arrays.copyOf(first, kept), Arrays.copyOf(second, kept)};
  }

  private static void requireNonZeroRow(String name, long[] row) {
    if (Samples.total(row) == 0) {
      throw new IllegalArgumentException(
          "counts " + name + " are all zero; the test needs at least one observation in each row");
    }
  }
}
