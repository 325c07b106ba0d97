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
  void adam_weightFirstUpdatedLate_isBiasCorrectedForItsOwnSteps() throws Exception {
    NDArray late = manager.create(new float[] {1f, -2f});
    late.setRequiresGradient(true);
    try (ParameterUpdater adam = ParameterUpdater.create(config("ADAM", 0.0), manager)) {
      step(adam, List.of(), 0.1);
      step(adam, List.of(), 0.1);
      step(adam, List.of(new Pair<>("late", late)), 0.1);
      // Its first update at global step 3 is t=1 for it (as torch.optim.Adam counts per
      // parameter): w - 0.1 * sign(g). The global t=3 would give 0.1 * 0.271 * sqrt(0.002997) /
      // sqrt(0.001) = 0.0469 instead. torch.optim.Adam (1.13) gives 0.9, -1.9 and then
      // 0.80041224, -1.8001665 for this sequence.
      assertThat(late.toFloatArray()).containsExactly(new float[] {0.9f, -1.9f}, within(TOLERANCE));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adam.save(new DataOutputStream(bytes));
      float[] before = late.toFloatArray();
      step(adam, List.of(new Pair<>("late", late)), 0.1);
      // t=2 of adam_twoSteps_matchHandComputedValues
      assertThat(late.toFloatArray())
          .containsExactly(new float[] {0.8004123f, -1.8001666f}, within(TOLERANCE));

      try (ParameterUpdater resumed = ParameterUpdater.create(config("ADAM", 0.0), manager)) {
        resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        float[] continued = late.toFloatArray();
        late.set(before);
        step(resumed, List.of(new Pair<>("late", late)), 0.1);
        assertThat(late.toFloatArray()).containsExactly(continued);
      }
    }
  }

  @Test
  void save_weightsUpdatedFromTheFirstStep_recordNoFirstStep() throws Exception {
    try (ParameterUpdater adam = ParameterUpdater.create(config("ADAM", 0.0), manager)) {
      step(adam, 0.1);
      step(adam, 0.1);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adam.save(new DataOutputStream(bytes));

      // The state of runs that never freeze is unchanged: m and v per weight, nothing else.
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
      in.readInt();
      in.readUTF();
      assertThat(in.readLong()).isEqualTo(2);
      assertThat(in.readInt()).isEqualTo(2);
      assertThat(in.readUTF()).isEqualTo("m/w");
    }
  }

  @Test
  void sgdMomentum_weightFirstUpdatedLate_startsItsBufferThen() throws Exception {
    NDArray late = manager.create(new float[] {1f, -2f});
    late.setRequiresGradient(true);
    try (ParameterUpdater sgd = ParameterUpdater.create(config("SGD", 0.0), manager)) {
      step(sgd, List.of(), 0.1);
      step(sgd, List.of(new Pair<>("late", late)), 0.1);
      step(sgd, List.of(new Pair<>("late", late)), 0.1);
      // As sgdMomentum_twoSteps_matchHandComputedValues: the buffer is the first gradient
      assertThat(late.toFloatArray())
          .containsExactly(new float[] {0.46f, -0.92f}, within(TOLERANCE));
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
    step(updater, List.of(new Pair<>("w", weight)), learningRate);
  }

  /** A step on the loss sum(x^2) of every weight in {@code weights} (none: a step of others). */
  private void step(
      ParameterUpdater updater, List<Pair<String, NDArray>> weights, double learningRate) {
    try (NDManager scratch = manager.newSubManager()) {
      try (GradientCollector collector = engine.newGradientCollector()) {
        for (Pair<String, NDArray> w : weights) {
          collector.backward(w.getValue().mul(w.getValue()).sum());
        }
      }
      updater.step(weights, learningRate, scratch);
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
