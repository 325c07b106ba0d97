package dev.mlops.core.experiment.stats;

import dev.mlops.core.drift.stats.TestResult;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Fisher's exact test of a 2 x 2 table, two-sided: the probability, under the hypergeometric
 * distribution with the table's margins, of tables at most as likely as the observed one. The z
 * test's normal approximation is poor when an expected cell count is small (below 5); this test has
 * no such limit. The statistic is the conditional maximum likelihood odds ratio as Commons
 * Statistics computes it (scipy reports the sample odds ratio instead; only the p-value is
 * compared); the p-value equals {@code scipy.stats.fisher_exact(table).pvalue}.
 */
public final class FisherExact {
  private FisherExact() {}

  /**
   * Tests independence of rows and columns of {@code [[a, b], [c, d]]} (for example corrections and
   * non-corrections of control in the first row, of treatment in the second).
   *
   * @throws IllegalArgumentException if a count is negative or does not fit an int
   */
  public static TestResult twoSided(long a, long b, long c, long d) {
    int[][] table = {{toInt(a), toInt(b)}, {toInt(c), toInt(d)}};
    if ((a + b == 0) || (c + d == 0) || (a + c == 0) || (b + d == 0)) {
      return new TestResult(0, 1); // an empty margin: every table is the observed one
    }
    SignificanceResult result = FisherExactTest.withDefaults().test(table);
    double statistic = result.getStatistic();
    return new TestResult(
        Double.isNaN(statistic) ? 0 : statistic, Math.min(1, Math.max(0, result.getPValue())));
  }

  /** Whether the smallest expected cell count of the table is below 5 (Cochran's rule). */
  public static boolean smallCounts(long a, long b, long c, long d) {
    double total = a + b + c + d;
    if (total == 0) {
      return true;
    }
    double minRow = Math.min(a + b, c + d);
    double minColumn = Math.min(a + c, b + d);
    return minRow * minColumn / total < 5;
  }

  private static int toInt(long count) {
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("count is " + count + "; must be in [0, 2^31)");
    }
    return (int) count;
  }
}
