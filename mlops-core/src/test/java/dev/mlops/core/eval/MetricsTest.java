package dev.mlops.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Reference values are computed by hand below, as exact fractions, from the confusion matrix or the
 * probabilities of each case. Probabilities are dyadic (0.5, 0.25, 0.75, ...) so the float inputs
 * are exact and the only error is double rounding, hence the 1e-12 tolerance.
 */
class MetricsTest {
  private static final Offset<Double> EXACT = within(1e-12);

  /** One image per (truth, predicted) pair, predicted with probability 0.5 (others share 0.5). */
  private static float[] row(int k, int predicted) {
    float[] p = new float[k];
    for (int c = 0; c < k; c++) {
      p[c] = c == predicted ? 0.5f : 0.5f / (k - 1);
    }
    return p;
  }

  private static EvaluationMetrics compute(List<String> labels, int[] truth, int[] predicted)
      throws InvalidInputException {
    float[][] probabilities = new float[truth.length][];
    List<String> files = new ArrayList<>();
    for (int i = 0; i < truth.length; i++) {
      probabilities[i] = row(labels.size(), predicted[i]);
      files.add("img" + i + ".png");
    }
    return Metrics.compute(labels, truth, probabilities, files);
  }

  @Test
  void compute_threeClasses_matchesHandComputedConfusionMatrix() throws Exception {
    // truth \ predicted  cat dog bird | support
    //   cat               3   1   0   |   4
    //   dog               1   2   1   |   4
    //   bird              0   0   2   |   2
    // predicted totals    4   3   3   | n = 10, correct 3+2+2 = 7 -> accuracy 0.7
    // cat:  P = 3/4,  R = 3/4,  F1 = 2*3/(2*3+1+1) = 3/4
    // dog:  P = 2/3,  R = 2/4,  F1 = 2*2/(2*2+1+2) = 4/7
    // bird: P = 2/3,  R = 2/2,  F1 = 2*2/(2*2+1+0) = 4/5
    // macro P = (3/4+2/3+2/3)/3 = 25/36; macro R = (3/4+1/2+1)/3 = 3/4
    // macro F1 = (3/4+4/7+4/5)/3 = (105+80+112)/140/3 = 297/420 = 99/140
    // weighted F1 = (4*3/4 + 4*4/7 + 2*4/5)/10 = (3 + 16/7 + 8/5)/10 = 241/350
    int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
    int[] predicted = {0, 0, 0, 1, 0, 1, 1, 2, 2, 2};

    EvaluationMetrics m = compute(List.of("cat", "dog", "bird"), truth, predicted);

    assertThat(m.n()).isEqualTo(10);
    assertThat(m.confusion()).isDeepEqualTo(new int[][] {{3, 1, 0}, {1, 2, 1}, {0, 0, 2}});
    assertThat(m.accuracy()).isCloseTo(0.7, EXACT);
    assertThat(m.perClass())
        .extracting(ClassMetrics::label, ClassMetrics::support)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cat", 4),
            org.assertj.core.groups.Tuple.tuple("dog", 4),
            org.assertj.core.groups.Tuple.tuple("bird", 2));
    assertClass(m.perClass().get(0), 3.0 / 4, 3.0 / 4, 3.0 / 4);
    assertClass(m.perClass().get(1), 2.0 / 3, 2.0 / 4, 4.0 / 7);
    assertClass(m.perClass().get(2), 2.0 / 3, 1.0, 4.0 / 5);
    assertThat(m.macroPrecision()).isCloseTo(25.0 / 36, EXACT);
    assertThat(m.macroRecall()).isCloseTo(3.0 / 4, EXACT);
    assertThat(m.macroF1()).isCloseTo(99.0 / 140, EXACT);
    assertThat(m.weightedF1()).isCloseTo(241.0 / 350, EXACT);
    // Every image gives its true class 0.5 (correct) or 0.25 (wrong): 7 of ln 2, 3 of ln 4.
    assertThat(m.logLoss()).isCloseTo((7 * Math.log(2) + 3 * Math.log(4)) / 10, EXACT);
  }

  @Test
  void compute_classWithoutSupportOrPredictions_scoresZeroAndCountsInMacroAverage()
      throws Exception {
    // truth \ predicted  a  b  c
    //   a                1  1  0   a: P = 1/1, R = 1/2, F1 = 2/(2+0+1) = 2/3
    //   b                0  2  0   b: P = 2/3, R = 2/2, F1 = 4/(4+1+0) = 4/5
    //   c                0  0  0   c: no support, no predictions: P = R = F1 = 0 (zero_division=0)
    // macro F1 = (2/3 + 4/5 + 0)/3 = 22/45 (scikit-learn f1_score(average="macro",
    // labels=[a,b,c], zero_division=0) gives the same); weighted F1 = (2*2/3 + 2*4/5)/4 = 11/15
    EvaluationMetrics m =
        compute(List.of("a", "b", "c"), new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1});

    assertClass(m.perClass().get(2), 0, 0, 0);
    assertThat(m.perClass().get(2).support()).isZero();
    assertClass(m.perClass().get(0), 1, 0.5, 2.0 / 3);
    assertClass(m.perClass().get(1), 2.0 / 3, 1, 4.0 / 5);
    assertThat(m.macroF1()).isCloseTo(22.0 / 45, EXACT);
    assertThat(m.weightedF1()).isCloseTo(11.0 / 15, EXACT);
    assertThat(m.accuracy()).isCloseTo(0.75, EXACT);
  }

  @Test
  void compute_classPredictedButAbsentAndClassPresentButNeverPredicted_zeroWhereUndefined()
      throws Exception {
    // truth \ predicted  a  b  c  d
    //   a                1  0  1  0   a: P = 1/2 (rows a, d), R = 1/2, F1 = 2/(2+1+1) = 1/2
    //   b                0  1  0  0   b: P = R = F1 = 1
    //   c                0  0  0  0   c: predicted once, no support: P = 0/1, R = 0/0 -> 0, F1 = 0
    //   d                1  0  0  0   d: support 1, never predicted: P = 0/0 -> 0, R = 0/1, F1 = 0
    // macro F1 = (1/2 + 1 + 0 + 0)/4 = 3/8; weighted F1 = (2*1/2 + 1*1 + 0*0 + 1*0)/4 = 1/2
    EvaluationMetrics m =
        compute(List.of("a", "b", "c", "d"), new int[] {0, 0, 1, 3}, new int[] {0, 2, 1, 0});

    assertThat(m.confusion())
        .isDeepEqualTo(new int[][] {{1, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}});
    assertClass(m.perClass().get(0), 0.5, 0.5, 0.5);
    assertClass(m.perClass().get(1), 1, 1, 1);
    assertClass(m.perClass().get(2), 0, 0, 0);
    assertClass(m.perClass().get(3), 0, 0, 0);
    assertThat(m.macroF1()).isCloseTo(3.0 / 8, EXACT);
    assertThat(m.weightedF1()).isCloseTo(1.0 / 2, EXACT);
  }

  @Test
  void compute_perfectPredictions_allScoresOne() throws Exception {
    float[][] p = {{1, 0}, {0, 1}, {1, 0}};

    EvaluationMetrics m =
        Metrics.compute(List.of("x", "y"), new int[] {0, 1, 0}, p, List.of("1", "2", "3"));

    assertThat(m.accuracy()).isEqualTo(1.0);
    assertThat(m.macroF1()).isEqualTo(1.0);
    assertThat(m.weightedF1()).isEqualTo(1.0);
    assertThat(m.perClass()).allSatisfy(c -> assertClass(c, 1, 1, 1));
    assertThat(m.logLoss()).isEqualTo(0.0);
    assertThat(m.expectedCalibrationError()).isEqualTo(0.0);
    assertThat(m.mostConfidentMistakes()).isEmpty();
  }

  @Test
  void compute_knownProbabilities_logLossIsMeanNegativeNaturalLog() throws Exception {
    // p(true class) = 0.5, 0.25, 0 -> (ln 2 + ln 4 - ln 1e-15) / 3; the 0 is clipped to 1e-15,
    // -ln(1e-15) = 15 ln 10 = 34.538776394910684.
    float[][] p = {{0.5f, 0.5f}, {0.75f, 0.25f}, {1f, 0f}};

    EvaluationMetrics m =
        Metrics.compute(List.of("x", "y"), new int[] {0, 1, 1}, p, List.of("1", "2", "3"));

    assertThat(m.logLoss()).isCloseTo((Math.log(2) + Math.log(4) + 15 * Math.log(10)) / 3, EXACT);
  }

  @Test
  void compute_smallCase_expectedCalibrationErrorMatchesHandComputation() throws Exception {
    // Bins are (b/15, (b+1)/15]. Confidence (max probability), correct?, bin:
    //   0.75    correct  bin 11 (0.7333, 0.8]
    //   0.75    wrong    bin 11
    //   0.78125 wrong    bin 11
    //   0.875   correct  bin 13 (0.8667, 0.9333]
    //   1.0     correct  bin 14
    // bin 11: accuracy 1/3, mean confidence 2.28125/3 -> gap 1.28125/3, weight 3/5 -> 0.25625
    // bin 13: |1 - 0.875| * 1/5 = 0.025;  bin 14: 0
    // ECE = 0.28125 = 9/32
    float[][] p = {
      {0.75f, 0.25f}, {0.75f, 0.25f}, {0.78125f, 0.21875f}, {0.125f, 0.875f}, {1f, 0f}
    };

    EvaluationMetrics m =
        Metrics.compute(
            List.of("x", "y"), new int[] {0, 1, 1, 1, 0}, p, List.of("1", "2", "3", "4", "5"));

    assertThat(m.expectedCalibrationError()).isCloseTo(9.0 / 32, EXACT);
  }

  @Test
  void compute_manyMistakes_keepsTwentyMostConfidentInOrder() throws Exception {
    int n = 30;
    float[][] p = new float[n][];
    int[] truth = new int[n];
    List<String> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // All wrong (truth 0, predicted 1) with confidence rising with i; 0.5 + i/64 is exact.
      float confidence = 0.5f + i / 64f;
      p[i] = new float[] {1 - confidence, confidence};
      files.add("f" + i);
    }
    p[3] = p[29].clone(); // ties with f29: input order decides, f3 first

    EvaluationMetrics m = Metrics.compute(List.of("x", "y"), truth, p, files);

    assertThat(m.mostConfidentMistakes()).hasSize(Metrics.MAX_MISTAKES);
    assertThat(m.mostConfidentMistakes().subList(0, 3))
        .extracting(Mistake::file)
        .containsExactly("f3", "f29", "f28");
    assertThat(m.mostConfidentMistakes().get(0))
        .isEqualTo(new Mistake("f3", "x", "y", 0.5 + 29 / 64.0));
  }

  @Test
  void compute_emptyInput_throwsInvalidInput() {
    assertThatThrownBy(() -> Metrics.compute(List.of("x"), new int[0], new float[0][], List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no images to evaluate");
  }

  @Test
  void compute_rowNotADistribution_namesTheFile() {
    float[][] logits = {{2.5f, -1f}};

    assertThatThrownBy(
            () -> Metrics.compute(List.of("x", "y"), new int[] {0}, logits, List.of("cat/1.png")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("cat/1.png: the predicted probabilities [2.5, -1.0]")
        .hasMessageContaining("apply softmax");
  }

  @Test
  void compute_truthOutsideLabels_throwsInvalidInput() {
    float[][] p = {{0.5f, 0.5f}};

    assertThatThrownBy(() -> Metrics.compute(List.of("x", "y"), new int[] {2}, p, List.of("a.png")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("true class index 2 is outside the model's 2 classes");
  }

  private static void assertClass(ClassMetrics c, double precision, double recall, double f1) {
    assertThat(c.precision()).as(c.label() + " precision").isCloseTo(precision, EXACT);
    assertThat(c.recall()).as(c.label() + " recall").isCloseTo(recall, EXACT);
    assertThat(c.f1()).as(c.label() + " f1").isCloseTo(f1, EXACT);
  }
}
