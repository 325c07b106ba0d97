package dev.mlops.core.drift;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of a drift check, written as {@code drift.json}. Every test has its statistic, raw and
 * Holm-adjusted p-value, the thresholds it was judged by and its verdict.
 *
 * @param status {@value #NO_DRIFT}, {@value #DRIFT} or {@value #NOT_ENOUGH_DATA}
 * @param retrainRecommended whether any test found drift
 * @param reasons one sentence per drifted test (or why there is no verdict)
 * @param summary the one-line result
 * @param checkedAt when, ISO-8601 UTC
 * @param model the model checked: its label and fingerprint
 * @param incoming the incoming data
 * @param thresholds the settings the verdicts used
 * @param features per image feature
 * @param confidence the top-class probability
 * @param predictions the predicted-class distribution
 * @param embedding the embedding kernel test, or null without a verdict
 * @param performance accuracy against the reference, or null for unlabeled images
 * @param seconds wall time of the check
 */
public record DriftReport(
    String status,
    boolean retrainRecommended,
    List<String> reasons,
    String summary,
    String checkedAt,
    ModelRef model,
    Incoming incoming,
    Thresholds thresholds,
    List<FeatureDrift> features,
    FeatureDrift confidence,
    PredictionDrift predictions,
    EmbeddingDrift embedding,
    PerformanceDrift performance,
    double seconds) {
  /** Nothing drifted. */
  public static final String NO_DRIFT = "no-drift";

  /** At least one test drifted. */
  public static final String DRIFT = "drift";

  /** Too few incoming images for a verdict. */
  public static final String NOT_ENOUGH_DATA = "not-enough-data";

  /** Copies the lists. */
  public DriftReport {
    reasons = List.copyOf(reasons);
    features = List.copyOf(features);
  }

  /** Whether the check found drift. */
  public boolean drifted() {
    return DRIFT.equals(status);
  }

  /** Writes this report to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, Json.pretty(this));
  }

  /**
   * The model a check ran against.
   *
   * @param label how it was named (directory, or version and alias)
   * @param fingerprint its training fingerprint
   * @param baselineFeatures images behind the feature baseline, with their split
   * @param baselineOutputs images behind the output baseline, with their split
   */
  public record ModelRef(
      String label, String fingerprint, String baselineFeatures, String baselineOutputs) {}

  /**
   * The incoming images.
   *
   * @param directory where they were read from
   * @param images readable images
   * @param labeled whether class folders gave labels
   * @param layout how the directory was read
   * @param unreadable images that could not be decoded, with the reason
   * @param imagesPerSecond feature extraction and inference throughput
   */
  public record Incoming(
      String directory,
      int images,
      boolean labeled,
      String layout,
      List<String> unreadable,
      double imagesPerSecond) {}

  /**
   * What the verdicts used.
   *
   * @param pValue the family-wise significance level
   * @param correction how p-values were corrected across the tests
   * @param tests the size of the corrected family
   * @param psiThreshold the material PSI
   * @param psiModerate the moderate PSI
   * @param maxAccuracyDrop the allowed accuracy drop
   * @param minImages the minimum of incoming images
   * @param permutations permutations of the kernel test
   * @param seed the seed
   */
  public record Thresholds(
      double pValue,
      String correction,
      int tests,
      double psiThreshold,
      double psiModerate,
      double maxAccuracyDrop,
      int minImages,
      int permutations,
      long seed) {}

  /**
   * One numeric quantity compared: an image feature or the confidence.
   *
   * @param name the feature id
   * @param baselineMean its mean over the baseline
   * @param incomingMean its mean over the incoming images
   * @param ks the two-sample Kolmogorov-Smirnov statistic (against the baseline sample)
   * @param pValue the KS p-value
   * @param adjustedPValue the Holm-adjusted p-value
   * @param psi the population stability index over the baseline's decile bins
   * @param psiNoise the PSI that sampling alone gives on average at these sample sizes
   * @param psiLevel "none", "moderate" or "significant", by the PSI beyond the noise
   * @param wasserstein the first Wasserstein distance divided by the baseline's standard deviation
   *     (by 1 when that is 0)
   * @param drifted adjusted p below the level and PSI beyond the noise at or above the material
   *     threshold
   * @param histogram baseline sample and incoming values on one axis, for the report
   */
  public record FeatureDrift(
      String name,
      double baselineMean,
      double incomingMean,
      double ks,
      double pValue,
      double adjustedPValue,
      double psi,
      double psiNoise,
      String psiLevel,
      double wasserstein,
      boolean drifted,
      PairedHistogram histogram) {}

  /**
   * Two histograms over the same bins.
   *
   * @param baseline the baseline's
   * @param incoming the incoming images'
   */
  public record PairedHistogram(Histogram baseline, Histogram incoming) {}

  /**
   * The predicted-class distribution.
   *
   * @param chiSquare the chi-square homogeneity statistic (baseline counts vs incoming counts)
   * @param pValue its p-value
   * @param adjustedPValue the Holm-adjusted p-value
   * @param psi the PSI between the two class distributions
   * @param psiNoise the PSI that sampling alone gives on average at these sample sizes
   * @param baselineShare per class, the baseline's share of predictions
   * @param incomingShare per class, the incoming images' share
   * @param drifted adjusted p below the level and PSI beyond the noise at or above the material
   *     threshold
   */
  public record PredictionDrift(
      double chiSquare,
      double pValue,
      double adjustedPValue,
      double psi,
      double psiNoise,
      Map<String, Double> baselineShare,
      Map<String, Double> incomingShare,
      boolean drifted) {}

  /**
   * The kernel two-sample test on projected embeddings.
   *
   * @param mmd the squared maximum mean discrepancy
   * @param pValue the permutation p-value
   * @param adjustedPValue the Holm-adjusted p-value
   * @param bandwidth the Gaussian kernel's bandwidth (median heuristic)
   * @param baselineImages baseline embeddings used
   * @param incomingImages incoming embeddings used
   * @param drifted adjusted p below the level
   */
  public record EmbeddingDrift(
      double mmd,
      double pValue,
      double adjustedPValue,
      double bandwidth,
      int baselineImages,
      int incomingImages,
      boolean drifted) {}

  /**
   * The model's scores on labeled incoming images.
   *
   * @param referenceSource where the reference scores come from
   * @param referenceAccuracy the reference accuracy
   * @param referenceMacroF1 the reference macro F1, or null
   * @param images labeled images
   * @param accuracy accuracy on them
   * @param macroF1 macro F1 over the classes present
   * @param drop reference accuracy minus accuracy
   * @param pValue P(this few correct | accuracy = reference - maxAccuracyDrop), binomial
   * @param adjustedPValue the Holm-adjusted p-value
   * @param drifted adjusted p below the level and drop above {@code maxAccuracyDrop}
   */
  public record PerformanceDrift(
      String referenceSource,
      double referenceAccuracy,
      Double referenceMacroF1,
      int images,
      double accuracy,
      double macroF1,
      double drop,
      double pValue,
      double adjustedPValue,
      boolean drifted) {}
}
