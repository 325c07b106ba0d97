package dev.mlops.core.drift;

import static dev.mlops.core.ConfigValueException.requireWithMessage;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import dev.mlops.core.image.ImagePreprocessor;

/**
 * The thresholds of a drift check. Immutable; the canonical constructor rejects a bad value with a
 * {@link ConfigValueException} naming the field, and {@link Builder#build()} turns that into an
 * {@link InvalidInputException} carrying the value. Build it with {@link #builder()}.
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
 * @param maxPixels incoming images whose header claims more pixels (width times height) are skipped
 *     and listed without being decoded, so a decompression bomb costs a header read
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
    int workers,
    long maxPixels) {
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

  /** The default seed. */
  public static final long DEFAULT_SEED = 42;

  /** The default images per model call. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Incoming embeddings used by the kernel test (a seeded subsample beyond this). */
  public static final int MAX_EMBEDDINGS = 400;

  /** Validates every field; the message names the field, its value and the allowed range. */
  public DriftConfig {
    require(pValue > 0 && pValue < 1, "pValue", pValue, "must be in (0, 1), e.g. 0.05");
    require(
        psiThreshold >= 0 && psiModerate >= 0 && psiModerate <= psiThreshold,
        "psiThreshold",
        psiThreshold,
        "must be >= 0 and >= the moderate level " + psiModerate + ", e.g. 0.2");
    require(
        maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1,
        "maxAccuracyDrop",
        maxAccuracyDrop,
        "must be in [0, 1], e.g. 0.05");
    require(minImages >= 2, "minImages", minImages, "must be >= 2, e.g. 50");
    require(
        permutations >= 19,
        "permutations",
        permutations,
        "must be >= 19 (so that p can reach 0.05), e.g. 200");
    require(batchSize >= 1, "batchSize", batchSize, "must be >= 1");
    require(workers >= 1, "workers", workers, "must be >= 1");
    require(maxPixels >= 1, "maxPixels", maxPixels, "must be >= 1, e.g. 100000000");
  }

  /** The defaults, with {@code workers} decoding threads. */
  public static DriftConfig defaults(int workers) {
    return builder().optWorkers(workers).buildUnchecked();
  }

  /** A builder starting from the defaults (decoding threads: every core). */
  public static Builder builder() {
    return new Builder();
  }

  private static void require(boolean ok, String field, Object value, String rule) {
    // NaN fails every comparison above, so it is rejected like any out-of-range number.
    requireWithMessage(ok, field, field + " is " + value + "; " + rule, value);
  }

  /**
   * Builds a {@link DriftConfig}. Every setter takes a boxed value where {@code null} means "keep
   * the default", so callers (the Maven plugin) can pass unset options through.
   */
  public static final class Builder {
    private double pValue = DEFAULT_P_VALUE;
    private double psiThreshold = DEFAULT_PSI_THRESHOLD;
    private double psiModerate = DEFAULT_PSI_MODERATE;
    private double maxAccuracyDrop = DEFAULT_MAX_ACCURACY_DROP;
    private int minImages = DEFAULT_MIN_IMAGES;
    private int permutations = DEFAULT_PERMUTATIONS;
    private long seed = DEFAULT_SEED;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private long maxPixels = ImagePreprocessor.DEFAULT_MAX_PIXELS;

    private Builder() {}

    /** Sets {@link DriftConfig#pValue()}. */
    public Builder optPValue(Double value) {
      pValue = value == null ? pValue : value;
      return this;
    }

    /** Sets {@link DriftConfig#psiThreshold()}. */
    public Builder optPsiThreshold(Double value) {
      psiThreshold = value == null ? psiThreshold : value;
      return this;
    }

    /** Sets {@link DriftConfig#psiModerate()}. */
    public Builder optPsiModerate(Double value) {
      psiModerate = value == null ? psiModerate : value;
      return this;
    }

    /** Sets {@link DriftConfig#maxAccuracyDrop()}. */
    public Builder optMaxAccuracyDrop(Double value) {
      maxAccuracyDrop = value == null ? maxAccuracyDrop : value;
      return this;
    }

    /** Sets {@link DriftConfig#minImages()}. */
    public Builder optMinImages(Integer value) {
      minImages = value == null ? minImages : value;
      return this;
    }

    /** Sets {@link DriftConfig#permutations()}. */
    public Builder optPermutations(Integer value) {
      permutations = value == null ? permutations : value;
      return this;
    }

    /** Sets {@link DriftConfig#seed()}. */
    public Builder optSeed(Long value) {
      seed = value == null ? seed : value;
      return this;
    }

    /** Sets {@link DriftConfig#batchSize()}. */
    public Builder optBatchSize(Integer value) {
      batchSize = value == null ? batchSize : value;
      return this;
    }

    /** Sets {@link DriftConfig#workers()}. */
    public Builder optWorkers(Integer value) {
      workers = value == null ? workers : value;
      return this;
    }

    /** Sets {@link DriftConfig#maxPixels()}. */
    public Builder optMaxPixels(Long value) {
      maxPixels = value == null ? maxPixels : value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming the first invalid field and its value
     */
    public DriftConfig build() throws InvalidInputException {
      try {
        return buildUnchecked();
      } catch (ConfigValueException e) {
        throw new InvalidInputException(e.getMessage(), e.value(), Remedy.setting(e.field()), e);
      }
    }

    private DriftConfig buildUnchecked() {
      return new DriftConfig(
          pValue,
          psiThreshold,
          psiModerate,
          maxAccuracyDrop,
          minImages,
          permutations,
          seed,
          batchSize,
          workers,
          maxPixels);
    }
  }
}
