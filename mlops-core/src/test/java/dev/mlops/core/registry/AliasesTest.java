package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.git.TestRepos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasesTest {
  private static final String MODEL = "pets-cnn";

  @TempDir Path tmp;
  private RegistryFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
    String manifestId = f.versionedData();
    f.register(MODEL, "fp-one", manifestId, 3); // v1: accuracy 0.75
    f.register(MODEL, "fp-two", manifestId, 4); // v2: accuracy 1.0
    f.register(MODEL, "fp-three", manifestId, 2); // v3: accuracy 0.5
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private PromoteResult promote(String alias, String version, double maxRegression, boolean force)
      throws Exception {
    return f.models.promote(MODEL, alias, version, ChampionGate.recorded(maxRegression), force);
  }

  @Test
  void promote_newAlias_movesItWithoutGateAndSaysWhoInTheCommit() throws Exception {
    PromoteResult result = promote("production", "v1", 0, false);

    assertThat(result.moved()).isTrue();
    assertThat(result.from()).isNull();
    assertThat(f.models.aliases(MODEL)).containsEntry("production", new AliasEntry(1, List.of()));
    RevCommit last = TestRepos.registryHistory(f.project).get(0);
    assertThat(last.getShortMessage())
        .isEqualTo(
            "promote pets-cnn: Ada Tester <ada@example.org> moved alias production from nothing"
                + " to v1");
  }

  @Test
  void promote_betterCandidate_passesTheGate() throws Exception {
    promote("production", "v1", 0, false);

    PromoteResult result = promote("production", "2", 0, false);

    assertThat(result.forced()).isFalse();
    assertThat(result.from()).isEqualTo(1);
    assertThat(result.comparison())
        .containsExactly(
            "  production (holder)  v1    accuracy 0.7500  macro F1 0.7333",
            "  candidate            v2    accuracy 1.0000  macro F1 1.0000");
    assertThat(f.models.aliases(MODEL).get("production")).isEqualTo(new AliasEntry(2, List.of(1)));
    assertThat(TestRepos.registryHistory(f.project).get(0).getShortMessage())
        .endsWith("moved alias production from v1 to v2");
  }

  @Test
  void promote_worseCandidate_isRefusedWithBothRows() throws Exception {
    promote("production", "v1", 0, false);
    String head = f.registry.registryHead().orElseThrow();

    assertThatThrownBy(() -> promote("production", "v3", 0.1, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "v3 is worse than v1 by 0.2500 accuracy, more than the allowed 0.1000")
        .hasMessageContaining("v1    accuracy 0.7500  macro F1 0.7333")
        .hasMessageContaining("v3    accuracy 0.5000")
        .hasMessageEndingWith("to move it anyway, force the promotion")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("force"));
    assertThat(f.registry.registryHead()).contains(head);
    assertThat(f.models.card(MODEL, "production").version()).isEqualTo(1);
  }

  @Test
  void promote_worseCandidateWithinMaxRegression_passes() throws Exception {
    promote("production", "v1", 0, false);

    assertThat(promote("production", "v3", 0.25, false).to()).isEqualTo(3);
  }

  @Test
  void promote_worseCandidateForced_movesAndRecordsTheForce() throws Exception {
    promote("production", "v1", 0, false);

    PromoteResult result = promote("production", "v3", 0, true);

    assertThat(result.forced()).isTrue();
    assertThat(f.models.card(MODEL, "production").version()).isEqualTo(3);
    assertThat(TestRepos.registryHistory(f.project).get(0).getShortMessage())
        .contains("from v1 to v3 (forced past the champion gate)");
  }

  @Test
  void promote_sameVersionAgain_commitsNothing() throws Exception {
    promote("production", "v1", 0, false);
    String head = f.registry.registryHead().orElseThrow();

    PromoteResult result = promote("production", "v1", 0, false);

    assertThat(result.moved()).isFalse();
    assertThat(f.registry.registryHead()).contains(head);
  }

  @Test
  void promote_callerMetricsSource_isUsedForBothVersions() throws Exception {
    promote("production", "v2", 0, false);
    List<Integer> measured = new ArrayList<>();
    // Re-evaluated on new data: v3 turns out as good as v2.
    MetricsSource reevaluate =
        card -> {
          measured.add(card.version());
          return RegistryFixture.metrics(3);
        };

    PromoteResult result =
        f.models.promote(MODEL, "production", "v3", new ChampionGate(0, reevaluate), false);

    assertThat(result.to()).isEqualTo(3);
    assertThat(measured).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void promote_unknownVersionOrVersionLikeAlias_isRejected() throws Exception {
    assertThatThrownBy(() -> promote("production", "v9", 0, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no version v9");
    assertThatThrownBy(() -> promote("v2", "v1", 0, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("looks like a version");
  }

  @Test
  void rollback_afterTwoMoves_returnsToThePreviousHolder() throws Exception {
    promote("production", "v1", 0, false);
    promote("production", "v2", 0, false);

    PromoteResult result = f.models.rollback(MODEL, "production");

    assertThat(result.from()).isEqualTo(2);
    assertThat(result.to()).isEqualTo(1);
    assertThat(f.models.aliases(MODEL).get("production")).isEqualTo(new AliasEntry(1, List.of()));
    assertThat(TestRepos.registryHistory(f.project).get(0).getShortMessage())
        .isEqualTo(
            "rollback pets-cnn: Ada Tester <ada@example.org> moved alias production from v2 back"
                + " to v1");
  }

  @Test
  void rollback_withoutPreviousHolder_isRejected() throws Exception {
    promote("production", "v1", 0, false);

    assertThatThrownBy(() -> f.models.rollback(MODEL, "production"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no previous version");
    assertThatThrownBy(() -> f.models.rollback(MODEL, "staging"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not set");
  }

  @Test
  void baseline_aliasSet_givesTheHoldersRecordedMetrics() throws Exception {
    promote("production", "v2", 0, false);

    Optional<EvaluationMetrics> baseline = f.models.baseline(MODEL).baseline("production");

    assertThat(baseline).contains(RegistryFixture.metrics(4));
    // Never set while production was: a typo, not an alias to wait for (BaselineAliasTest).
    assertThatThrownBy(() -> f.models.baseline(MODEL).baseline("staging"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void listing_withAliases_showsOneLinePerVersionWithItsAliases() throws Exception {
    promote("production", "v2", 0, false);
    promote("staging", "v2", 0, false);

    ModelListing listing = f.models.listing(MODEL);

    assertThat(listing.aliasesOf(2)).containsExactly("production", "staging");
    assertThat(listing.summaryLines()).hasSize(4);
    assertThat(listing.summaryLines().get(2))
        .startsWith("  v2    ")
        .contains("pets v1  accuracy 1.0000  macro F1 1.0000  [production, staging]");
  }

  @Test
  void promote_holderRecordedOnOtherData_notesItInTheRows() throws Exception {
    promote("production", "v2", 0, false);
    f.writeData("train/cat/e.png", "cat-e");
    String second = f.versionData();
    f.register(MODEL, "fp-four", second, 4);

    PromoteResult result = promote("production", "v4", 0, false);

    assertThat(result.comparison().get(2))
        .contains("recorded on different data: pets v1 vs pets v2");
  }
}
