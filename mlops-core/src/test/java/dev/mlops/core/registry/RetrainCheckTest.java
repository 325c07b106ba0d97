package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRegistry#retrainCheck}: each reason for retraining, and the reasons not to. */
class RetrainCheckTest {
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

  /** Dataset pets v1; model v1 trained on it behind production. */
  private void productionOnFirstData() throws Exception {
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
  }

  private void newerDataVersion(String file) throws Exception {
    f.writeData("train/cat/" + file, "cat-" + file);
    f.versionData();
  }

  @Test
  void retrainCheck_aliasNotSet_isDueSayingToTrainAndPromote() throws Exception {
    f.register(MODEL, "fp-one", f.versionedData(), 3);

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision)
        .isEqualTo(
            new RetrainDecision(
                MODEL,
                "production",
                null,
                null,
                null,
                null,
                null,
                true,
                List.of(
                    "alias production of model pets-cnn is not set: no version to keep current;"
                        + " train and register a model, then promote its version to"
                        + " production")));
  }

  @Test
  void retrainCheck_currentDataNoDriftCheck_isNotDueAndSaysSo() throws Exception {
    productionOnFirstData();

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isFalse();
    assertThat(decision.version()).isEqualTo(1);
    assertThat(decision.dataset()).isEqualTo("pets");
    assertThat(decision.datasetVersion()).isEqualTo(1);
    assertThat(decision.latestDatasetVersion()).isEqualTo(1);
    assertThat(decision.drift()).isNull();
    assertThat(decision.reasons())
        .containsExactly(
            "dataset pets v1 behind production (v1) is its newest version, and no drift check is"
                + " recorded for v1 (record one by drift-checking new images against"
                + " production)");
  }

  @Test
  void retrainCheck_newerDatasetVersions_isDueNamingBothVersions() throws Exception {
    productionOnFirstData();
    newerDataVersion("new-1.png");
    newerDataVersion("new-2.png");

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isTrue();
    assertThat(decision.latestDatasetVersion()).isEqualTo(3);
    assertThat(decision.reasons())
        .containsExactly(
            "dataset v3 is newer than v1 that the model behind production (v1) was trained on"
                + " (dataset pets, 2 newer versions); train on it (check out dataset pets v3, then"
                + " train and register) and promote the result");
  }

  @Test
  void retrainCheck_driftRecommendsRetraining_isDueQuotingTheCheck() throws Exception {
    productionOnFirstData();
    f.models.recordDrift(
        MODEL, "production", ModelRegistryDriftTest.drifted("2025-03-01T06:00:00Z"), null);

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isTrue();
    assertThat(decision.drift().retrainRecommended()).isTrue();
    assertThat(decision.reasons())
        .containsExactly(
            "the drift check of v1 at 2025-03-01T06:00:00Z by Ada Tester <ada@example.org> on"
                + " /data/week-12 (40 images) found drift and recommends retraining:"
                + " \"brightness: KS p 0.0001 < 0.05 and PSI 0.42 >= 0.2\"; retrain on data that"
                + " includes such images and promote the result");
  }

  @Test
  void retrainCheck_newerDataAndDrift_givesBothReasons() throws Exception {
    productionOnFirstData();
    f.models.recordDrift(MODEL, "v1", ModelRegistryDriftTest.drifted("2025-03-01T06:00:00Z"), null);
    newerDataVersion("new-1.png");

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isTrue();
    assertThat(decision.reasons()).hasSize(2);
    assertThat(decision.reasons().get(0)).startsWith("dataset v2 is newer than v1 ");
    assertThat(decision.reasons().get(1)).startsWith("the drift check of v1 ");
  }

  @Test
  void retrainCheck_lastCheckSaidNoDrift_isNotDueQuotingIt() throws Exception {
    productionOnFirstData();
    f.models.recordDrift(MODEL, "v1", ModelRegistryDriftTest.drifted("2025-03-01T06:00:00Z"), null);
    f.models.recordDrift(
        MODEL,
        "v1",
        new DriftRecord(
            "2025-03-08T06:00:00Z",
            "CI <ci@x>",
            "/data/week-13",
            50,
            "no-drift",
            false,
            null,
            null),
        null);

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "dataset pets v1 behind production (v1) is its newest version, and the last drift"
                + " check at 2025-03-08T06:00:00Z by CI <ci@x> on /data/week-13 (50 images) said"
                + " no drift");
  }

  @Test
  void retrainCheck_driftOfAnotherVersion_doesNotCount() throws Exception {
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    f.register(MODEL, "fp-two", manifestId, 4);
    f.models.promote(MODEL, "production", "v2", ChampionGate.recorded(0), false);
    f.models.recordDrift(MODEL, "v1", ModelRegistryDriftTest.drifted("2025-03-01T06:00:00Z"), null);

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isFalse();
    assertThat(decision.drift()).isNull();
  }

  @Test
  void retrainCheck_notEnoughData_isNotDueSayingTheCheckCouldNotDecide() throws Exception {
    productionOnFirstData();
    f.models.recordDrift(
        MODEL,
        "v1",
        new DriftRecord("t0", "b", "in", 3, "not-enough-data", false, List.of("3 < 30"), null),
        null);

    RetrainDecision decision = f.models.retrainCheck(MODEL, "production");

    assertThat(decision.due()).isFalse();
    assertThat(decision.reasons().get(0))
        .endsWith("the last drift check at t0 by b on in (3 images) had too little data to decide");
  }

  @Test
  void retrainCheck_badNames_areRejected() {
    assertThatThrownBy(() -> f.models.retrainCheck("Bad/Name", "production"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("model name 'Bad/Name' is not valid")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("model"));
    assertThatThrownBy(() -> f.models.retrainCheck(MODEL, "v3"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("looks like a version number");
  }
}
