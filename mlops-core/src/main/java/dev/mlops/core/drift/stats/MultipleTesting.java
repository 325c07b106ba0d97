package dev.mlops.core.drift.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Corrections for testing many hypotheses at once. Written here because no library on the classpath
 * provides them.
 */
public final class MultipleTesting {
  private MultipleTesting() {}

  /**
   * Holm-Bonferroni adjusted p-values, which control the family-wise error rate: reject hypothesis
   * i at level alpha when its adjusted p-value is below alpha.
   *
   * <p>With the m p-values sorted ascending, p(1) {@code <=} ... {@code <=} p(m), the adjusted
   * value of p(j) is min(1, max over i {@code <=} j of (m - i + 1) * p(i)) (step-down and
   * monotone). Equal p-values are ordered by input position, which does not change the result. Same
   * as {@code statsmodels.stats.multitest.multipletests(p, method="holm")}.
   *
   * @param p the raw p-values, each in [0, 1]; may be empty
   * @return the adjusted p-values in the input order, each {@code >=} its raw value and {@code <=}
   *     1
   * @throws IllegalArgumentException if {@code p} is null or a value is NaN or outside [0, 1]
   */
  public static double[] holm(double[] p) {
    if (p == null) {
      throw new IllegalArgumentException("p-values are null");
    }
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException(
            "p-value at index " + i + " is " + p[i] + "; must be in [0, 1]");
      }
    }
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[p.length];
    double running = 0;
    for (int rank = 0; rank < p.length; rank++) {
      int index = order[rank];
      running = Math.max(running, Math.min(1, (p.length - rank) * p[index]));
      adjusted[index] = running;
    }
    return adjusted;
  }
}
