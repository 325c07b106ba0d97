package dev.mlops.core.experiment.stats;

/**
 * A ratio metric aggregated per user, the unit of assignment: user i made n_i predictions of which
 * x_i were corrected, and the metric is R = sum x / sum n (corrections per prediction). Predictions
 * of one user are not independent (the same person, the same kind of images), so the variance of R
 * is not the binomial p (1 - p) / sum n; it is estimated by the delta method over users (Deng,
 * Knoblich, Lu, "Applying the Delta Method in Metric Analytics", KDD 2018):
 *
 * <pre>
 *   Var(R) ~= (s_x^2 - 2 R s_xn + R^2 s_n^2) / (N nbar^2)
 * </pre>
 *
 * with N users, nbar the mean predictions per user, and s_x^2, s_n^2, s_xn the sample variances and
 * covariance (denominator N - 1) of x and n over users. The numerator over nbar^2 is the {@link
 * #unitVariance() variance per user}, which the sample size needs. Only sums are kept, so adding a
 * user is O(1) and immutable snapshots are cheap: {@link #plus} returns a new value.
 *
 * @param users N
 * @param sumX sum of x_i
 * @param sumN sum of n_i
 * @param sumXx sum of x_i^2
 * @param sumNn sum of n_i^2
 * @param sumXn sum of x_i n_i
 */
public record RatioMetric(
    long users, double sumX, double sumN, double sumXx, double sumNn, double sumXn) {
  /** No users yet. */
  public static final RatioMetric EMPTY = new RatioMetric(0, 0, 0, 0, 0, 0);

  /** This metric with one more user who had {@code x} of {@code n}. */
  public RatioMetric plus(double x, double n) {
    return new RatioMetric(
        users + 1, sumX + x, sumN + n, sumXx + x * x, sumNn + n * n, sumXn + x * n);
  }

  /** R = sum x / sum n; NaN without any n. */
  public double ratio() {
    return sumN > 0 ? sumX / sumN : Double.NaN;
  }

  /**
   * The variance of one user's contribution, (s_x^2 - 2 R s_xn + R^2 s_n^2) / nbar^2; NaN with
   * fewer than 2 users or no predictions.
   */
  public double unitVariance() {
    if (users < 2 || !(sumN > 0)) {
      return Double.NaN;
    }
    double meanX = sumX / users;
    double meanN = sumN / users;
    double varX = (sumXx - users * meanX * meanX) / (users - 1);
    double varN = (sumNn - users * meanN * meanN) / (users - 1);
    double covXn = (sumXn - users * meanX * meanN) / (users - 1);
    double r = ratio();
    double numerator = varX - 2 * r * covXn + r * r * varN;
    return Math.max(0, numerator) / (meanN * meanN);
  }

  /** Var(R) by the delta method: the unit variance over N; NaN with fewer than 2 users. */
  public double variance() {
    return unitVariance() / users;
  }
}
