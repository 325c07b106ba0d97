package dev.mlops.core.drift;

import dev.mlops.core.InvalidInputException;

/**
 * The thresholds of a drift check.
 *
 * @param pValue the significance level: the family-wise error rate across all tests of one check,
 *     kept by the Holm-Bonferroni correction
 * @param psiThreshold the PSI from which a shift counts as material (0.2 = significant by the usual
 *     rule of thumb), counted beyond the PSI that sampling noise gives at the check's sample sizes
 *     (small samples have a large PSI by chance); a significant test with a smaller PSI is reported
 *     but is not drift
 * @param psiModerate the PSI reported as a moderate shift (0.1)
 * @param maxAccuracyDrop how far accuracy on labeled incoming images may fall below the model's
 *     evaluated accuracy
 * @param minImages fewer readable incoming images give "not enough data" instead of a verdict
 * @param permutations permutations of the embedding kernel test
 * @param seed seeds the permutations and subsamples
 * @param batchSize images per model call
 * @param workers image decoding threads
 */
public record DriftConfig(
    double pValue,
    double psiThreshold,
    double psiModerate,
    double maxAccuracyDrop,
    int minImages,
    int permutations,
    long seed,
    int batchSize,
    int workers) {
  /** The default significance level. */
  public static final double DEFAULT_P_VALUE = 0.05;

  /** The default material PSI. */
  public static final double DEFAULT_PSI_THRESHOLD = 0.2;

  /** The default moderate PSI. */
  public static final double DEFAULT_PSI_MODERATE = 0.1;

  /** The default allowed accuracy drop. */
  public static final double DEFAULT_MAX_ACCURACY_DROP = 0.05;

  /** The default minimum of incoming images. */
  public static final int DEFAULT_MIN_IMAGES = 50;

  /** The default permutations. */
  public static final int DEFAULT_PERMUTATIONS = 200;

  /** Incoming embeddings used by the kernel test (a seeded subsample beyond this). */
  public static final int MAX_EMBEDDINGS = 400;

  /** The defaults, with {@code workers} decoding threads. */
  public static DriftConfig defaults(int workers) {
    return new DriftConfig(
        DEFAULT_P_VALUE,
        DEFAULT_PSI_THRESHOLD,
        DEFAULT_PSI_MODERATE,
        DEFAULT_MAX_ACCURACY_DROP,
        DEFAULT_MIN_IMAGES,
        DEFAULT_PERMUTATIONS,
        42,
        32,
        workers);
  }

  /**
   * Checks the user's numbers.
   *
   * @throws InvalidInputException naming the parameter, its value and the allowed range
   */
  public DriftConfig validate() throws InvalidInputException {
    if (!(pValue > 0 && pValue < 1)) {
      throw invalid("pValue", pValue, "must be in (0, 1), e.g. 0.05");
    }
    if (!(psiThreshold >= 0) || !(psiModerate >= 0) || psiModerate > psiThreshold) {
      throw invalid(
          "psiThreshold",
          psiThreshold,
          "must be >= 0 and >= the moderate level " + psiModerate + ", e.g. 0.2");
    }
    if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1)) {
      throw invalid("maxAccuracyDrop", maxAccuracyDrop, "must be in [0, 1], e.g. 0.05");
    }
    if (minImages < 2) {
      throw invalid("minImages", minImages, "must be >= 2, e.g. 50");
    }
    if (permutations < 19) {
      throw invalid(
          "permutations", permutations, "must be >= 19 (so that p can reach 0.05), e.g. 200");
    }
    if (batchSize < 1 || workers < 1) {
      throw invalid("batchSize", batchSize, "batchSize and workers must be >= 1");
    }
    return this;
  }

  private static InvalidInputException invalid(String field, Object value, String rule) {
    return new InvalidInputException(
        "<" + field + "> is " + value + "; " + rule + " (or -Dmlops.drift." + field + "=...)",
        String.valueOf(value));
  }
}
