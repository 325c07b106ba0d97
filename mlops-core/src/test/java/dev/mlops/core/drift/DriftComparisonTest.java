package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.DriftReport.FeatureDrift;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The decision rule on synthetic observations (no engine): false alarms, detection, naming. */
class DriftComparisonTest {
  private static final List<String> LABELS = List.of("a", "b", "c");

  /**
   * {@code n} images whose features, embeddings and outputs are drawn from one fixed distribution;
   * {@code brightnessShift} moves the brightness by that many standard deviations (0.1).
   */
  private static Observations observations(int n, long seed, double brightnessShift) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] features = new double[n][ImageFeature.count()];
    float[][] embeddings = new float[n][4];
    float[] confidence = new float[n];
    int[] predicted = new int[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < ImageFeature.count(); f++) {
        features[i][f] = 0.5 + 0.1 * gaussian(r);
      }
      features[i][ImageFeature.BRIGHTNESS.ordinal()] += 0.1 * brightnessShift;
      features[i][ImageFeature.WIDTH.ordinal()] = 32;
      for (int d = 0; d < 4; d++) {
        embeddings[i][d] = (float) gaussian(r);
      }
      confidence[i] = (float) (0.6 + 0.4 * r.nextDouble());
      labels[i] = r.nextInt(3);
      predicted[i] = r.nextDouble() < 0.8 ? labels[i] : r.nextInt(3);
    }
    List<String> files = IntStream.range(0, n).mapToObj(i -> "img-" + i).toList();
    return new Observations(files, features, embeddings, confidence, predicted, labels);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static Baseline baseline() {
    return Baseline.build(
        "fp",
        LABELS,
        "train",
        observations(600, 1, 0),
        "test",
        "held out",
        observations(300, 2, 0),
        new Projection(1, 4, 4),
        7);
  }

  private static DriftReport check(Baseline baseline, Observations incoming) {
    DriftConfig config = DriftConfig.defaults(1);
    return DriftDetector.compare(
        baseline,
        incoming,
        new ReferenceMetrics("test", 0.85, null),
        config,
        DriftDetector.modelRef("m", baseline),
        null,
        0);
  }

  @Test
  void sameDistribution_falseAlarmsStayBelowTheLevel() {
    Baseline baseline = baseline();
    int seeds = 200;
    long alarms =
        IntStream.range(0, seeds)
            .filter(s -> check(baseline, observations(80, 1000 + s, 0)).drifted())
            .count();
    // Holm keeps the family-wise rate at or below 0.05 (10 of 200); PSI gating lowers it further.
    assertThat(alarms).isLessThanOrEqualTo(10);
  }

  @Test
  void brightnessShiftedByOneStd_driftsAndNamesOnlyBrightness() {
    DriftReport report = check(baseline(), observations(80, 5, 1.0));
    assertThat(report.drifted()).isTrue();
    assertThat(report.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name))
        .containsExactly("brightness");
    assertThat(report.embedding().drifted()).isFalse();
    assertThat(report.summary()).startsWith("DRIFT in 1 of 14 tests on 80 incoming images");
  }

  @Test
  void constantFeatureTakesANewValue_driftsThroughTheRangeBins() {
    Observations incoming = observations(80, 6, 0);
    for (double[] row : incoming.features()) {
      row[ImageFeature.WIDTH.ordinal()] = 64;
    }
    DriftReport report = check(baseline(), incoming);
    FeatureDrift width =
        report.features().stream().filter(f -> f.name().equals("width")).findFirst().orElseThrow();
    assertThat(width.drifted()).isTrue();
    assertThat(width.ks()).isEqualTo(1.0);
    assertThat(width.wasserstein()).isCloseTo(32, within(1e-9));
  }

  @Test
  void baseline_roundTripsThroughJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Baseline baseline = baseline();
    baseline.write(dir);
    Baseline read = Baseline.read(dir);
    assertThat(read.features()).isEqualTo(baseline.features());
    assertThat(read.featureSample()).isDeepEqualTo(baseline.featureSample());
    assertThat(read.embeddingSample()).isDeepEqualTo(baseline.embeddingSample());
    assertThat(read.predictedCounts()).isEqualTo(baseline.predictedCounts());
    assertThat(read.accuracy()).isEqualTo(baseline.accuracy());
  }

  @Test
  void psiNoise_isTheNullMeanOfTheIndex() {
    // 12 bins, 100 baseline and 60 incoming images: 11 * (1/100 + 1/60) = 0.29333...
    assertThat(DriftComparison.psiNoise(12, 100, 60))
        .isCloseTo(11 * (0.01 + 1 / 60.0), within(1e-12));
    assertThat(DriftComparison.psiNoise(1, 100, 60)).isZero();
  }

  @Test
  void baselineSamples_areCappedAndSeeded() {
    assertThat(Baseline.sample(5000, 1000, 3)).hasSize(1000).isSorted();
    assertThat(Baseline.sample(5000, 1000, 3)).isEqualTo(Baseline.sample(5000, 1000, 3));
    assertThat(Baseline.sample(10, 1000, 3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
