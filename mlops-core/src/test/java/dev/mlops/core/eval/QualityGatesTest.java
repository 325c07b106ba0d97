package dev.mlops.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGatesTest {
  @Test
  void check_accuracyBelowGate_failsNamingMetricValueAndGate() throws Exception {
    List<GateResult> results =
        new QualityGates(0.9, null, null, null, null)
            .check(Fixtures.metrics(), BaselineProvider.NONE);

    assertThat(results)
        .containsExactly(
            new GateResult(
                "accuracy",
                0.75,
                ">=",
                0.9,
                false,
                "accuracy 0.75 is below the gate minAccuracy=0.9"));
  }

  @Test
  void check_everyGateMet_passesInOrder() throws Exception {
    EvaluationMetrics m = Fixtures.metrics();

    List<GateResult> results =
        new QualityGates(0.75, 0.5, 1.0, null, null).check(m, BaselineProvider.NONE);

    assertThat(results)
        .extracting(GateResult::metric)
        .containsExactly("accuracy", "macroF1", "logLoss");
    assertThat(results).allMatch(GateResult::passed);
    assertThat(results.get(0).message()).isEqualTo("accuracy 0.75 meets the gate minAccuracy=0.75");
    assertThat(results.get(2).value()).isEqualTo(m.logLoss());
  }

  @Test
  void check_logLossAboveGate_fails() throws Exception {
    // log loss of the fixture: (3 ln(4/3) + ln 4) / 4 = 0.5623...
    GateResult result =
        new QualityGates(null, null, 0.5, null, null)
            .check(Fixtures.metrics(), BaselineProvider.NONE)
            .get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.message()).isEqualTo("logLoss 0.5623 is above the gate maxLogLoss=0.5");
  }

  @Test
  void check_valueJustBelowGate_printsEnoughDecimalsToDiffer() throws Exception {
    // 8 of 9 correct would read 0.8889; a gate of 0.88889 needs more digits to show the miss.
    EvaluationMetrics m = metricsWithAccuracy(8, 9);

    GateResult result =
        new QualityGates(0.88889, null, null, null, null).check(m, BaselineProvider.NONE).get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.message())
        .isEqualTo("accuracy 0.888889 is below the gate minAccuracy=0.88889");
  }

  @Test
  void check_noModelBehindAlias_passesAndSaysSkipped() throws Exception {
    List<String> asked = new ArrayList<>();
    BaselineProvider none =
        alias -> {
          asked.add(alias);
          return Optional.empty();
        };

    List<GateResult> results =
        new QualityGates(null, null, null, "production", 0.02).check(Fixtures.metrics(), none);

    assertThat(asked).containsExactly("production");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).passed()).isTrue();
    assertThat(results.get(0).message())
        .isEqualTo("no model behind alias production yet; regression gate skipped");
    assertThat(results.get(0).skipped()).isTrue();
  }

  @Test
  void check_dropLargerThanMaxRegression_fails() throws Exception {
    EvaluationMetrics baseline = metricsWithAccuracy(9, 10);
    BaselineProvider provider = alias -> Optional.of(baseline);

    GateResult result =
        new QualityGates(null, null, null, "production", 0.1)
            .check(Fixtures.metrics(), provider)
            .get(0);

    // 0.9 - 0.75 = 0.15 > 0.1
    assertThat(result.metric()).isEqualTo("accuracyDrop");
    assertThat(result.value()).isCloseTo(0.15, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(result.passed()).isFalse();
    assertThat(result.skipped()).isFalse();
    assertThat(result.message())
        .isEqualTo(
            "accuracy 0.75 against 0.9 of the model behind alias production: a drop of 0.15"
                + " exceeds the gate maxRegression=0.1");
  }

  @Test
  void check_dropExactlyAtMaxRegression_passesDespiteRounding() throws Exception {
    // 0.9 - 0.75 is 0.15000000000000002 in doubles; the gate 0.15 must still hold.
    EvaluationMetrics baseline = metricsWithAccuracy(9, 10);

    GateResult result =
        new QualityGates(null, null, null, "production", 0.15)
            .check(Fixtures.metrics(), alias -> Optional.of(baseline))
            .get(0);

    assertThat(result.passed()).isTrue();
  }

  @Test
  void check_betterThanBaselineWithDefaultMaxRegression_passes() throws Exception {
    EvaluationMetrics baseline = metricsWithAccuracy(1, 2);
    QualityGates gates = new QualityGates(null, null, null, "staging", null);

    GateResult result = gates.check(Fixtures.metrics(), alias -> Optional.of(baseline)).get(0);

    assertThat(gates.maxRegression()).isEqualTo(0.0);
    assertThat(result.passed()).isTrue();
    assertThat(result.message())
        .isEqualTo(
            "accuracy 0.75 against 0.5 of the model behind alias staging: no drop; gate"
                + " maxRegression=0");
  }

  @Test
  void check_noGates_emptyAndNeverAsksForBaseline() throws Exception {
    BaselineProvider failing =
        alias -> {
          throw new MlopsException("must not be called");
        };

    assertThat(QualityGates.none().check(Fixtures.metrics(), failing)).isEmpty();
  }

  @Test
  void constructor_accuracyAboveOne_namesParameterValueAndRange() {
    assertThatThrownBy(() -> new QualityGates(1.2, null, null, null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("minAccuracy is 1.2; must be in [0,1], e.g. 0.9 for 90% correct predictions")
        .satisfies(
            e -> {
              assertThat(((InvalidInputException) e).value()).isEqualTo("1.2");
              assertThat(((InvalidInputException) e).remedy())
                  .isEqualTo(Remedy.setting("minAccuracy"));
            });
  }

  @Test
  void constructor_badThresholds_rejectedNamingTheParameter() {
    assertThatThrownBy(() -> new QualityGates(null, -0.1, null, null, null))
        .hasMessageStartingWith("minMacroF1 is -0.1; must be in [0,1]");
    assertThatThrownBy(() -> new QualityGates(null, null, 0.0, null, null))
        .hasMessageStartingWith("maxLogLoss is 0.0; must be a number greater than 0");
    assertThatThrownBy(() -> new QualityGates(null, null, Double.NaN, null, null))
        .hasMessageStartingWith("maxLogLoss is NaN");
    assertThatThrownBy(() -> new QualityGates(null, null, null, "production", 1.5))
        .hasMessageStartingWith("maxRegression is 1.5; must be in [0,1]");
    assertThatThrownBy(() -> new QualityGates(null, null, null, null, 0.05))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("set compareTo to an alias")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("maxRegression", "compareTo"));
    assertThatThrownBy(() -> new QualityGates(null, null, null, "../prod", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("compareTo name '../prod' is not valid");
  }

  /** Metrics of {@code correct} right out of {@code n} images of one class. */
  private static EvaluationMetrics metricsWithAccuracy(int correct, int n) throws Exception {
    float[][] p = new float[n][];
    List<String> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p[i] = i < correct ? new float[] {0.75f, 0.25f} : new float[] {0.25f, 0.75f};
      files.add("cat/" + i + ".png");
    }
    return Metrics.compute(List.of("cat", "dog"), new int[n], p, files);
  }
}
