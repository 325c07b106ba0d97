package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One weight w = (1, -2) and the loss sum(w^2), so the gradient is 2w; expected values are worked
 * out by hand in the comments.
 */
@Tag("pytorch")
class ParameterUpdaterTest {
  private static final float TOLERANCE = 1e-6f;

  private Engine engine;
  private NDManager manager;
  private NDArray weight;

  @BeforeEach
  void setUp() {
    engine = Engines.pytorch();
    manager = engine.newBaseManager();
    weight = manager.create(new float[] {1f, -2f});
    weight.setRequiresGradient(true);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void adam_twoSteps_matchHandComputedValues() throws InvalidInputException {
    try (ParameterUpdater adam = ParameterUpdater.create(config("ADAM", 0.0), manager)) {
      step(adam, 0.1);
      // t=1: m = 0.1g, v = 0.001g^2, bias-corrected m/sqrt(v) = sign(g): w - 0.1 * sign(g)
      assertWeight(0.9f, -1.9f);
      step(adam, 0.1);
      // g = (1.8, -3.8); m = (0.36, -0.74); v = (0.007236, 0.030424)
      // w -= 0.1/0.19 * m / (sqrt(v)/sqrt(0.001999) + 1e-8) = (0.0995877, -0.0998334)
      assertWeight(0.8004123f, -1.8001666f);
      assertThat(adam.steps()).isEqualTo(2);
    }
  }

  @Test
  void adam_weightDecay_addsDecayToGradient() throws InvalidInputException {
    try (ParameterUpdater adam = ParameterUpdater.create(config("ADAM", 0.5), manager)) {
      step(adam, 0.1);
      // g = 2w + 0.5w = (2.5, -5): the first Adam step still moves by lr * sign(g)
      assertWeight(0.9f, -1.9f);
    }
  }

  @Test
  void sgdMomentum_twoSteps_matchHandComputedValues() throws InvalidInputException {
    try (ParameterUpdater sgd = ParameterUpdater.create(config("SGD", 0.0), manager)) {
      step(sgd, 0.1);
      // b = g = (2, -4); w = (1, -2) - 0.1 b
      assertWeight(0.8f, -1.6f);
      step(sgd, 0.1);
      // g = (1.6, -3.2); b = 0.9 (2, -4) + g = (3.4, -6.8); w -= 0.1 b
      assertWeight(0.46f, -0.92f);
    }
  }

  @Test
  void sgd_weightDecay_addsDecayToGradient() throws InvalidInputException {
    try (ParameterUpdater sgd = ParameterUpdater.create(config("SGD", 0.5), manager)) {
      step(sgd, 0.1);
      // g = 2.5w = (2.5, -5); w = (1, -2) - 0.1 g
      assertWeight(0.75f, -1.5f);
    }
  }

  @Test
  void step_zeroesGradientsAfterwards() throws InvalidInputException {
    try (ParameterUpdater sgd = ParameterUpdater.create(config("SGD", 0.0), manager)) {
      step(sgd, 0.1);

      assertThat(weight.getGradient().toFloatArray()).containsExactly(0f, 0f);
    }
  }

  @Test
  void saveAndLoad_resumedUpdater_continuesIdentically() throws Exception {
    try (ParameterUpdater first = ParameterUpdater.create(config("ADAM", 0.0), manager);
        ParameterUpdater resumed = ParameterUpdater.create(config("ADAM", 0.0), manager)) {
      step(first, 0.1);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.save(new DataOutputStream(bytes));
      resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      float[] before = weight.toFloatArray();

      step(first, 0.1);
      float[] continued = weight.toFloatArray();
      weight.set(before);
      step(resumed, 0.1);

      assertThat(resumed.steps()).isEqualTo(2);
      assertThat(weight.toFloatArray()).containsExactly(continued);
    }
  }

  @Test
  void load_otherKindOfUpdater_isRejected() throws Exception {
    try (ParameterUpdater adam = ParameterUpdater.create(config("ADAM", 0.0), manager);
        ParameterUpdater sgd = ParameterUpdater.create(config("SGD", 0.0), manager)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adam.save(new DataOutputStream(bytes));

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> sgd.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("AdamUpdater");
    }
  }

  private void step(ParameterUpdater updater, double learningRate) {
    try (NDManager scratch = manager.newSubManager()) {
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray loss = weight.mul(weight).sum();
        collector.backward(loss);
      }
      updater.step(List.of(new Pair<>("w", weight)), learningRate, scratch);
    }
  }

  private void assertWeight(float first, float second) {
    float[] values = weight.toFloatArray();
    assertThat(values[0]).isCloseTo(first, within(TOLERANCE));
    assertThat(values[1]).isCloseTo(second, within(TOLERANCE));
  }

  private static TrainingConfig config(String optimizer, double weightDecay)
      throws InvalidInputException {
    return TrainingConfig.builder()
        .optOptimizer(OptimizerKind.valueOf(optimizer))
        .optWeightDecay(weightDecay)
        .build();
  }
}
