package dev.mlops.core.drift;

import dev.mlops.core.drift.DriftReport.EmbeddingDrift;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.drift.DriftReport.PairedHistogram;
import dev.mlops.core.drift.DriftReport.PerformanceDrift;
import dev.mlops.core.drift.DriftReport.PredictionDrift;
import dev.mlops.core.drift.stats.Binomial;
import dev.mlops.core.drift.stats.ChiSquare;
import dev.mlops.core.drift.stats.KolmogorovSmirnov;
import dev.mlops.core.drift.stats.Mmd;
import dev.mlops.core.drift.stats.MmdResult;
import dev.mlops.core.drift.stats.MultipleTesting;
import dev.mlops.core.drift.stats.Psi;
import dev.mlops.core.drift.stats.TestResult;
import dev.mlops.core.drift.stats.Wasserstein;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one check: every test on raw p-values first, then the Holm-Bonferroni
 * correction across the whole family (features, confidence, predictions, embedding and accuracy),
 * then the verdicts. A test drifts when its adjusted p-value is below the level and, where an
 * effect size is defined, the effect is material (PSI at or above the threshold; accuracy drop
 * above the allowed one): statistically and practically significant, so that neither a tiny shift
 * in a huge sample nor a noisy PSI of a small one raises an alarm.
 */
final class DriftComparison {
  private static final int HISTOGRAM_BINS = 20;

  private DriftComparison() {}

  /** The verdicts of a check and the size of the corrected family. */
  record Verdicts(
      List<FeatureDrift> features,
      FeatureDrift confidence,
      PredictionDrift predictions,
      EmbeddingDrift embedding,
      PerformanceDrift performance,
      int tests) {
    /** The smallest Holm-adjusted p-value of the family. */
    double smallestAdjustedP() {
      double min = Math.min(predictions.adjustedPValue(), embedding.adjustedPValue());
      min = Math.min(min, confidence.adjustedPValue());
      for (FeatureDrift f : features) {
        min = Math.min(min, f.adjustedPValue());
      }
      return performance == null ? min : Math.min(min, performance.adjustedPValue());
    }

    /** One sentence per drifted test. */
    List<String> reasons() {
      List<String> reasons = new ArrayList<>();
      for (FeatureDrift f : features) {
        if (f.drifted()) {
          reasons.add(featureReason("image feature " + f.name(), f));
        }
      }
      if (confidence.drifted()) {
        reasons.add(featureReason("prediction confidence", confidence));
      }
      if (predictions.drifted()) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "predicted classes shifted: chi-square %.1f, PSI %.2f (sampling noise %.2f),"
                    + " adjusted p %.2g; now %s",
                predictions.chiSquare(),
                predictions.psi(),
                predictions.psiNoise(),
                predictions.adjustedPValue(),
                shares(predictions.incomingShare())));
      }
      if (embedding.drifted()) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "model embeddings moved: MMD^2 %.4f, permutation p %.3g (adjusted %.3g)",
                embedding.mmd(),
                embedding.pValue(),
                embedding.adjustedPValue()));
      }
      if (performance != null && performance.drifted()) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "accuracy fell to %.3f on %d labeled images, %.3f below %.3f (%s), adjusted p %.2g",
                performance.accuracy(),
                performance.images(),
                performance.drop(),
                performance.referenceAccuracy(),
                performance.referenceSource(),
                performance.adjustedPValue()));
      }
      return reasons;
    }
  }

  /** Compares {@code incoming} (with model outputs) with {@code baseline}. */
  static Verdicts compare(
      Baseline baseline, Observations incoming, ReferenceMetrics reference, DriftConfig config) {
    List<Raw> raw = new ArrayList<>();
    for (ImageFeature f : ImageFeature.values()) {
      raw.add(
          numeric(
              f.id(),
              baseline.sampleColumn(f),
              baseline.features().get(f.id()),
              incoming.column(f)));
    }
    raw.add(
        numeric(
            "confidence",
            baseline.confidenceSample(),
            baseline.confidence(),
            incoming.confidences()));
    long[] incomingCounts = new long[baseline.labels().size()];
    for (int p : incoming.predicted()) {
      incomingCounts[p]++;
    }
    TestResult chi = ChiSquare.homogeneity(baseline.predictedCounts(), incomingCounts);
    float[][] embeddings =
        incoming
            .rows(Baseline.sample(incoming.size(), DriftConfig.MAX_EMBEDDINGS, config.seed()))
            .embeddings();
    MmdResult mmd =
        Mmd.test(baseline.embeddingSample(), embeddings, config.permutations(), config.seed());
    Performance perf =
        incoming.labels() == null || reference == null
            ? null
            : Performance.of(incoming.predicted(), incoming.labels());
    double perfP =
        perf == null ? 1 : performanceP(perf, reference.accuracy() - config.maxAccuracyDrop());
    double[] p = new double[raw.size() + 2 + (perf == null ? 0 : 1)];
    for (int i = 0; i < raw.size(); i++) {
      p[i] = raw.get(i).test().pValue();
    }
    p[raw.size()] = chi.pValue();
    p[raw.size() + 1] = mmd.pValue();
    if (perf != null) {
      p[raw.size() + 2] = perfP;
    }
    double[] adjusted = MultipleTesting.holm(p);
    List<FeatureDrift> features = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      features.add(raw.get(i).verdict(adjusted[i], config));
    }
    FeatureDrift confidence = features.remove(features.size() - 1);
    double classPsi = Psi.ofCounts(baseline.predictedCounts(), incomingCounts);
    double classNoise =
        psiNoise(
            present(baseline.predictedCounts(), incomingCounts),
            Arrays.stream(baseline.predictedCounts()).sum(),
            incoming.size());
    double chiAdjusted = adjusted[raw.size()];
    PredictionDrift predictions =
        new PredictionDrift(
            chi.statistic(),
            chi.pValue(),
            chiAdjusted,
            classPsi,
            classNoise,
            shares(baseline.labels(), baseline.predictedCounts()),
            shares(baseline.labels(), incomingCounts),
            chiAdjusted < config.pValue() && classPsi - classNoise >= config.psiThreshold());
    double mmdAdjusted = adjusted[raw.size() + 1];
    EmbeddingDrift embedding =
        new EmbeddingDrift(
            mmd.statistic(),
            mmd.pValue(),
            mmdAdjusted,
            mmd.bandwidth(),
            baseline.embeddingSample().length,
            embeddings.length,
            mmdAdjusted < config.pValue());
    PerformanceDrift performance =
        perf == null ? null : performance(perf, reference, perfP, adjusted[p.length - 1], config);
    return new Verdicts(features, confidence, predictions, embedding, performance, p.length);
  }

  /**
   * P(at most this many correct | true accuracy = {@code floor}): small when accuracy is
   * convincingly below the allowed floor. A floor at or below 0 cannot be undercut.
   */
  private static double performanceP(Performance perf, double floor) {
    return floor <= 0 ? 1 : Binomial.lowerTail(perf.correct(), perf.images(), Math.min(1, floor));
  }

  private static PerformanceDrift performance(
      Performance perf, ReferenceMetrics reference, double p, double adjusted, DriftConfig config) {
    double drop = reference.accuracy() - perf.accuracy();
    return new PerformanceDrift(
        reference.source(),
        reference.accuracy(),
        reference.macroF1(),
        perf.images(),
        perf.accuracy(),
        perf.macroF1(),
        drop,
        p,
        adjusted,
        adjusted < config.pValue() && drop > config.maxAccuracyDrop());
  }

  /** A numeric quantity's raw test results, before the correction. */
  private record Raw(
      String name,
      TestResult test,
      double psi,
      double psiNoise,
      double wasserstein,
      double baselineMean,
      double incomingMean,
      PairedHistogram histogram) {
    FeatureDrift verdict(double adjusted, DriftConfig config) {
      double excess = psi - psiNoise;
      String level =
          excess >= config.psiThreshold()
              ? "significant"
              : excess >= config.psiModerate() ? "moderate" : "none";
      return new FeatureDrift(
          name,
          baselineMean,
          incomingMean,
          test.statistic(),
          test.pValue(),
          adjusted,
          psi,
          psiNoise,
          level,
          wasserstein,
          adjusted < config.pValue() && excess >= config.psiThreshold(),
          histogram);
    }
  }

  private static Raw numeric(
      String name, double[] sample, FeatureSummary summary, double[] incoming) {
    TestResult ks = KolmogorovSmirnov.twoSample(sample, incoming);
    double psi = Psi.index(summary.psiProportions(), Psi.proportions(summary.psiEdges(), incoming));
    double scale = summary.std() > 0 ? summary.std() : 1;
    double w = Wasserstein.distance(sample, incoming) / scale;
    double incomingMean = Arrays.stream(incoming).average().orElse(Double.NaN);
    double noise = psiNoise(summary.psiProportions().length, summary.count(), incoming.length);
    return new Raw(name, ks, psi, noise, w, summary.mean(), incomingMean, paired(sample, incoming));
  }

  /**
   * The PSI two samples of sizes {@code n} and {@code m} from one distribution show on average over
   * {@code bins} bins: (bins - 1) (1/n + 1/m), because (nm / (n+m)) PSI is asymptotically
   * chi-square with bins - 1 degrees of freedom, like the G-test it resembles. With 60 incoming
   * images over 12 bins that is about 0.2, so a raw PSI of 0.2 would be noise; the material
   * threshold applies to the PSI beyond it.
   */
  static double psiNoise(int bins, long n, long m) {
    return Math.max(0, bins - 1) * (1.0 / n + 1.0 / m);
  }

  private static PairedHistogram paired(double[] baseline, double[] incoming) {
    double min = Math.min(min(baseline), min(incoming));
    double max = Math.max(max(baseline), max(incoming));
    return new PairedHistogram(
        Histogram.of(baseline, min, max, HISTOGRAM_BINS),
        Histogram.of(incoming, min, max, HISTOGRAM_BINS));
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  /** Classes predicted in either set: the cells of the chi-square table. */
  private static int present(long[] a, long[] b) {
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      k += a[i] + b[i] > 0 ? 1 : 0;
    }
    return k;
  }

  private static Map<String, Double> shares(List<String> labels, long[] counts) {
    long total = Arrays.stream(counts).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      shares.put(labels.get(i), total == 0 ? 0 : (double) counts[i] / total);
    }
    return shares;
  }

  private static String shares(Map<String, Double> shares) {
    StringBuilder s = new StringBuilder();
    shares.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(3)
        .forEach(
            e ->
                s.append(s.isEmpty() ? "" : ", ")
                    .append(e.getKey())
                    .append(String.format(java.util.Locale.ROOT, " %.0f%%", 100 * e.getValue())));
    return s.toString();
  }

  private static String featureReason(String what, FeatureDrift f) {
    return String.format(
        java.util.Locale.ROOT,
        "%s moved: mean %.4g -> %.4g, PSI %.2f (%s; sampling noise %.2f), KS %.2f, adjusted p"
            + " %.2g, Wasserstein %.2f std",
        what,
        f.baselineMean(),
        f.incomingMean(),
        f.psi(),
        f.psiLevel(),
        f.psiNoise(),
        f.ks(),
        f.adjustedPValue(),
        f.wasserstein());
  }
}
