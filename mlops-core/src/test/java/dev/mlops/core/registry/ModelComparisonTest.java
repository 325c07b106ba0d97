package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.registry.ModelComparison.HyperparameterChange;
import dev.mlops.core.registry.ModelComparison.MetricDelta;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelComparisonTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void compare_retrainedOnChangedData_givesMetricHyperparameterAndDataDifferences()
      throws Exception {
    String first = f.versionedData();
    f.register(MODEL, "fp-one", first, 3);
    f.writeData("train/cat/e.png", "cat-e");
    String second = f.versionData();
    Path dir = f.fakeModel("fp-two", second);
    RegistryFixture.writeCard(
        dir, "fp-two", second, Map.of("epochs", 5, "learningRate", 0.01), null);
    f.models.register(
        new RegisterRequest(MODEL, dir, RegistryFixture.report("fp-two", second, 4), "pets"));

    ModelComparison comparison = f.models.compare(MODEL, "v1", "2");

    MetricDelta accuracy = comparison.metrics().get(0);
    assertThat(accuracy.metric()).isEqualTo("accuracy");
    assertThat(accuracy.delta()).isCloseTo(0.25, within(1e-9));
    assertThat(comparison.hyperparameters())
        .containsExactly(new HyperparameterChange("epochs", 3, 5));
    assertThat(comparison.dataDiff().added()).hasSize(1);
    assertThat(comparison.summaryLines())
        .contains("  accuracy                   0.7500 -> 1.0000 (+0.2500)", "  epochs: 3 -> 5")
        .anySatisfy(l -> assertThat(l).startsWith("Dataset pets v1 -> v2: 1 added"));
  }

  @Test
  void compare_sameDataUnevaluated_saysSoWithoutDiff() throws Exception {
    String manifestId = f.versionedData();
    f.models.register(new RegisterRequest(MODEL, f.fakeModel("fp-one", manifestId), null, "pets"));
    f.models.register(new RegisterRequest(MODEL, f.fakeModel("fp-two", manifestId), null, "pets"));

    ModelComparison comparison = f.models.compare(MODEL, "v1", "v2");

    assertThat(comparison.metrics()).isEmpty();
    assertThat(comparison.dataDiff()).isNull();
    assertThat(comparison.summaryLines())
        .containsExactly(
            "Model pets-cnn v1 -> v2",
            "  metrics: not recorded for both versions",
            "  hyperparameters: identical",
            "  dataset: both trained on pets v1");
  }
}
