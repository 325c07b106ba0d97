package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentStart;
import dev.mlops.core.experiment.Variant;
import dev.mlops.core.git.TestRepos;
import java.nio.file.Path;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiments as registry commits; lives here for {@link RegistryFixture}. */
class ExperimentRegistryTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;
  private ExperimentRegistry experiments;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3);
    f.register(MODEL, "fp-two", manifestId, 4);
    f.models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
    experiments = new ExperimentRegistry(f.registry, f.models, Progress.NONE);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ExperimentStart.Builder start(String name) {
    return ExperimentStart.builder().setExperiment(MODEL, name).setVariants("production", "v2");
  }

  @Test
  void start_resolvesVariantsAndCommitsWhoStartedWhat() throws Exception {
    Experiment e =
        experiments.start(
            start("bigger-net").optTraffic(0.25).optHypothesis("v2 is corrected less").build());

    assertThat(e.control()).isEqualTo(new Variant(1, "production"));
    assertThat(e.treatment()).isEqualTo(new Variant(2, "v2"));
    assertThat(e.running()).isTrue();
    assertThat(e.mode()).isEqualTo(ExperimentMode.SPLIT);
    assertThat(experiments.get(MODEL, "bigger-net")).isEqualTo(e);
    assertThat(experiments.running(MODEL)).contains(e);
    RevCommit last = TestRepos.registryHistory(f.project).get(0);
    assertThat(last.getShortMessage())
        .isEqualTo(
            "experiment-start pets-cnn/bigger-net: Ada Tester <ada@example.org> started split"
                + " control v1 (production) vs treatment v2 (v2), 25.0% of users to treatment");
  }

  @Test
  void start_whileAnotherRuns_isRefusedNamingIt() throws Exception {
    experiments.start(start("first").build());

    assertThatThrownBy(() -> experiments.start(start("second").build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("experiment 'first' of model 'pets-cnn' is still running")
        .hasMessageContaining("stop it first (experiment-stop with experiment=first)");
  }

  @Test
  void start_reusedName_isRefusedEvenAfterStop() throws Exception {
    experiments.start(start("once").build());
    experiments.stop(MODEL, "once", "no difference yet", null, null);

    assertThatThrownBy(() -> experiments.start(start("once").build()))
        .hasMessageContaining("already has an experiment named 'once'");
  }

  @Test
  void start_badSettingsOrUnknownVersion_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> experiments.start(start("x").optTraffic(1.0).build()))
        .hasMessageContaining("traffic 1.0 is out of range");
    assertThatThrownBy(() -> experiments.start(start("x").optAlpha(0.7).build()))
        .hasMessageContaining("alpha 0.7 is out of range");
    assertThatThrownBy(() -> experiments.start(start("x").optMinimumDetectableEffect(0.0).build()))
        .hasMessageContaining("minimumDetectableEffect 0.0 is out of range");
    assertThatThrownBy(
            () ->
                experiments.start(
                    ExperimentStart.builder()
                        .setExperiment(MODEL, "x")
                        .setVariants("production", "v9")
                        .build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("v9");
  }

  @Test
  void stop_recordsVerdictAndEndsTheRun_andASecondStopIsRefused() throws Exception {
    experiments.start(start("exp").build());

    Experiment stopped = experiments.stop(MODEL, "exp", "treatment better", "v2", null);

    assertThat(stopped.running()).isFalse();
    assertThat(stopped.verdict()).isEqualTo("treatment better");
    assertThat(stopped.promoted()).isEqualTo("v2");
    assertThat(stopped.stoppedBy()).isEqualTo("Ada Tester <ada@example.org>");
    assertThat(experiments.running(MODEL)).isEmpty();
    assertThat(experiments.list(MODEL)).containsExactly(stopped);
    assertThatThrownBy(() -> experiments.stop(MODEL, "exp", null, null, null))
        .hasMessageContaining("already stopped");
    assertThatThrownBy(() -> experiments.get(MODEL, "nope"))
        .hasMessageContaining("has no experiment 'nope'; known: [exp]");
  }
}
