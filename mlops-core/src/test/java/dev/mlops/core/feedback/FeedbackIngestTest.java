package dev.mlops.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.version.DataDiff;
import dev.mlops.core.data.version.DatasetCard;
import dev.mlops.core.data.version.IngestedFeedback;
import dev.mlops.core.data.version.IngestedFeedback.Skipped;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackIngestTest {
  @TempDir java.nio.file.Path tmp;
  private FeedbackFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new FeedbackFixture(tmp, true).standardData();
    f.version("pets");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void ingest_twoCorrections_makesChildVersionWithFeedbackCard() throws Exception {
    String cat = f.stored(FeedbackFixture.png(100));
    String dog = f.stored(FeedbackFixture.png(101));
    f.feedback(cat, "cat", "ada");
    f.feedback(dog, "dog", "bob");

    FeedbackIngestResult result = f.ingest();

    DatasetCard card = result.card();
    assertThat(result.created()).isTrue();
    assertThat(card.version()).isEqualTo(2);
    assertThat(card.parent()).isEqualTo("v1");
    assertThat(card.source()).isEqualTo("feedback");
    IngestedFeedback fb = card.feedback();
    assertThat(fb.firstId()).isEqualTo(1);
    assertThat(fb.lastId()).isEqualTo(2);
    assertThat(fb.records()).isEqualTo(2);
    assertThat(fb.added()).containsExactly(Map.entry("cat", 1), Map.entry("dog", 1));
    assertThat(result.added())
        .containsExactly(
            "train/cat/fb-" + cat.substring(0, 12) + ".png",
            "train/dog/fb-" + dog.substring(0, 12) + ".png");
    assertThat(f.files()).containsEntry("train/cat/fb-" + cat.substring(0, 12) + ".png", cat);
    assertThat(card.counts().get("train")).containsEntry("cat", 3).containsEntry("dog", 3);
    assertThat(f.versions.list("pets").get(1).feedback()).isEqualTo(fb);
    assertThat(result.summaryLines().get(0))
        .isEqualTo(
            "Ingested feedback records 1..2 (2) into dataset pets v2 (parent: v1): 2 new, 0"
                + " relabelled, 0 unchanged, 0 skipped (0 proposing new classes)");
  }

  @Test
  void card_withoutFeedback_writesNoNewFieldsAndOldCardsStillRead() throws Exception {
    DatasetCard v1 = f.versions.list("pets").get(0);
    String json =
        new String(dev.mlops.core.Json.pretty(v1), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json).doesNotContain("\"source\"").doesNotContain("\"feedback\"");
    DatasetCard read = dev.mlops.core.Json.mapper().readValue(json, DatasetCard.class);
    assertThat(read).isEqualTo(v1);
    assertThat(read.source()).isNull();
  }

  @Test
  void ingest_dataDirectoryNotTheLatestVersion_warnsAndNamesTheParent() throws Exception {
    f.image("train/cat/by-hand.png", 300);
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");
    List<String> lines = new java.util.ArrayList<>();

    FeedbackIngestResult result =
        new FeedbackIngest(f.registry, f.store, dev.mlops.core.ProgressLog.to(lines))
            .ingest(f.config().build());

    assertThat(result.card().files()).isEqualTo(10);
    assertThat(lines)
        .contains(
            "WARN the data directory "
                + f.data
                + " differs from dataset pets v1, the parent of the new version: the new version"
                + " holds the data directory as it is plus the feedback; to build on v1 instead,"
                + " check it out first");
  }

  @Test
  void ingest_twiceWithoutNewFeedback_createsNothingAndSaysSo() throws Exception {
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");
    f.ingest();
    String head = f.registry.registryHead().orElseThrow();

    FeedbackIngestResult again = f.ingest();

    assertThat(again.created()).isFalse();
    assertThat(again.records()).isZero();
    assertThat(f.registry.registryHead()).contains(head);
    assertThat(again.summaryLines())
        .containsExactly(
            "No new feedback for dataset pets: the log ends at record 1, taken in up to record 1;"
                + " nothing to version");
  }

  @Test
  void ingest_laterFeedback_startsAfterTheLastIdOfTheCard() throws Exception {
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");
    f.ingest();
    f.feedback(f.stored(FeedbackFixture.png(101)), "dog", "ada");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.card().version()).isEqualTo(3);
    assertThat(result.card().parent()).isEqualTo("v2");
    assertThat(result.card().feedback().firstId()).isEqualTo(2);
    assertThat(result.card().feedback().lastId()).isEqualTo(2);
    assertThat(result.added()).hasSize(1);
  }

  @Test
  void ingest_imageInDatasetUnderOtherLabel_movesItAndDiffShowsRelabel() throws Exception {
    String c2 = f.files().get("train/cat/c2.png");
    f.feedback(c2, "dog", "ada");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.relabelled()).containsExactly("train/cat/c2.png -> train/dog/c2.png");
    assertThat(result.card().feedback().relabelled()).containsExactly(Map.entry("dog", 1));
    assertThat(f.files())
        .doesNotContainKey("train/cat/c2.png")
        .containsEntry("train/dog/c2.png", c2);
    DataDiff diff = f.versions.diff("pets", 1, 2);
    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.relabelled()).hasSize(1);
    assertThat(diff.relabelled().get(0).before().path()).isEqualTo("train/cat/c2.png");
    assertThat(diff.relabelled().get(0).after().path()).isEqualTo("train/dog/c2.png");
  }

  @Test
  void ingest_conflicts_majorityWinsTiesAreListedAndAUserCountsOnce() throws Exception {
    String majority = f.stored(FeedbackFixture.png(100));
    String tie = f.stored(FeedbackFixture.png(101));
    String changedMind = f.stored(FeedbackFixture.png(102));
    f.feedback(majority, "dog", "ada");
    f.feedback(majority, "dog", "bob");
    f.feedback(majority, "cat", "eve");
    f.feedback(tie, "dog", "ada");
    f.feedback(tie, "cat", "bob");
    // eve says cat three times, then dog: her last word counts once against bob's cat.
    f.feedback(changedMind, "cat", "eve");
    f.feedback(changedMind, "cat", "eve");
    f.feedback(changedMind, "dog", "eve");
    f.feedback(changedMind, "dog", "bob");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.added())
        .containsExactlyInAnyOrder(
            "train/dog/fb-" + majority.substring(0, 12) + ".png",
            "train/dog/fb-" + changedMind.substring(0, 12) + ".png");
    assertThat(result.skipped())
        .containsExactly(
            new Skipped(
                List.of(4L, 5L),
                tie,
                "tie (1 for 'cat', 1 for 'dog'): left out until more feedback decides it"));
    assertThat(result.card().feedback().skipped()).isEqualTo(result.skipped());
  }

  @Test
  void ingest_proposedClass_isCountedListedAndNotAdded() throws Exception {
    String bird = f.stored(FeedbackFixture.png(100));
    f.feedback(bird, "cat", "bird", "ada", true);
    f.feedback(f.stored(FeedbackFixture.png(101)), "cat", "ada");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.proposed()).isEqualTo(1);
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.ids()).containsExactly(1L);
              assertThat(s.reason()).startsWith("proposes the new class 'bird': not trained on");
            });
    assertThat(f.files().keySet()).noneMatch(p -> p.contains("bird"));
    assertThat(result.added()).hasSize(1);
  }

  @Test
  void ingest_onlyProposedOrUnknownLabels_changesNothingAndVersionsNothing() throws Exception {
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "bird", "ada", true);
    f.feedback(f.stored(FeedbackFixture.png(101)), "cat", "fish", "ada", false);

    FeedbackIngestResult result = f.ingest();

    assertThat(result.created()).isFalse();
    assertThat(f.versions.list("pets")).hasSize(1);
    assertThat(result.skipped().get(1).reason())
        .isEqualTo(
            "label 'fish' is not a class of the dataset (cat, dog); add its folder to every split"
                + " first");
    assertThat(result.summaryLines().get(0)).contains("change no file of dataset pets");
  }

  @Test
  void ingest_copiesOfTestImages_areNotAddedToTrain() throws Exception {
    String exactTest = f.files().get("test/cat/c4.png");
    String nearTest = f.stored(FeedbackFixture.png(8, 3));
    f.feedback(exactTest, "cat", "ada");
    f.feedback(nearTest, "dog", "ada");
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.reason())
                    .startsWith("looks like the test image test/dog/d4.png (perceptual-hash")
                    .endsWith("<= nearDuplicateDistance 4): adding it would leak the test split"));
    assertThat(f.files().values()).doesNotContain(nearTest);
    assertThat(f.files().values().stream().filter(exactTest::equals)).hasSize(1);
  }

  @Test
  void ingest_missingOrUndecodableImage_isSkippedWithTheReason() throws Exception {
    f.feedback("ab".repeat(32), "cat", "ada");
    f.feedback(f.stored("not an image".getBytes()), "cat", "ada");
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");

    FeedbackIngestResult result = f.ingest();

    assertThat(result.skipped())
        .extracting(Skipped::reason)
        .containsExactly(
            "the image is not in the store " + f.store.root(),
            "the stored bytes are not a decodable JPEG, PNG, BMP or GIF image");
    assertThat(result.added()).hasSize(1);
  }

  @Test
  void ingest_withSplit_sendsASeededShareToValAndTest() throws Exception {
    for (int i = 0; i < 20; i++) {
      f.feedback(f.stored(FeedbackFixture.png(200 + i)), i % 2 == 0 ? "cat" : "dog", "ada");
    }

    FeedbackIngestResult result = f.ingest(f.config().optSplit("0.5,0.25,0.25").build());

    assertThat(result.added()).hasSize(20);
    long train = result.added().stream().filter(p -> p.startsWith("train/")).count();
    long val = result.added().stream().filter(p -> p.startsWith("val/")).count();
    long test = result.added().stream().filter(p -> p.startsWith("test/")).count();
    assertThat(train).isBetween(5L, 15L);
    assertThat(val).isPositive();
    assertThat(test).isPositive();
    assertThat(train + val + test).isEqualTo(20);
  }

  @Test
  void config_badSplit_namesTheSplitSetting() {
    assertThatThrownBy(() -> f.config().optSplit("0.8,0.3").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("feedback split '0.8,0.3' are not valid")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).remedy())
                    .isEqualTo(Remedy.setting("split")));
  }

  @Test
  void ingest_nameCollisionMidway_undoesTheFilesWrittenAndVersionsNothing() throws Exception {
    String cat = f.stored(FeedbackFixture.png(100));
    String dog = f.stored(FeedbackFixture.png(101));
    // A file with other content already has the name the second image would get.
    f.image("train/dog/fb-" + dog.substring(0, 12) + ".png", 999);
    f.feedback(cat, "cat", "ada");
    f.feedback(dog, "dog", "ada");
    Map<String, String> before = f.files();

    assertThatThrownBy(f::ingest)
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("exists already")
        .hasMessageContaining("the data directory was restored (1 changes made and undone)");
    assertThat(f.files()).isEqualTo(before);
    assertThat(f.versions.list("pets")).hasSize(1);
  }

  @Test
  void ingest_versionStepFails_undoesFilesAndMovesAndSaysSo() throws Exception {
    try (FeedbackFixture unborn = new FeedbackFixture(tmp.resolve("unborn"), false)) {
      unborn.standardData();
      unborn.feedback(unborn.stored(FeedbackFixture.png(100)), "cat", "ada");
      unborn.feedback(unborn.files().get("train/cat/c1.png"), "dog", "ada");
      Map<String, String> before = unborn.files();

      assertThatThrownBy(unborn::ingest)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("feedback ingestion failed: ")
          .hasMessageEndingWith("the data directory was restored (2 changes made and undone)");
      assertThat(unborn.files()).isEqualTo(before);
      assertThat(Files.exists(unborn.data.resolve("train/dog/c1.png"))).isFalse();
    }
  }
}
