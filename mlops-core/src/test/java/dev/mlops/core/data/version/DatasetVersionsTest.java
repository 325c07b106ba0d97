package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.git.RegistryRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetVersionsTest {
  @TempDir Path tmp;
  private DatasetFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new DatasetFixture(tmp);
    f.write("train/cat/a.png", "cat-a").write("train/dog/b.png", "dog-b");
    f.write("test/cat/c.png", "cat-c");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void version_firstTime_commitsManifestAndCardAndTagsHead() throws Exception {
    Manifest manifest = f.scan();
    VersionResult result = f.version("cats");

    DatasetCard card = result.card();
    String head = f.registry.headCommit().orElseThrow();
    assertThat(result.created()).isTrue();
    assertThat(card.name()).isEqualTo("cats");
    assertThat(card.version()).isEqualTo(1);
    assertThat(card.manifestId()).isEqualTo(manifest.id());
    assertThat(card.parent()).isNull();
    assertThat(card.createdBy()).isEqualTo("Ada Tester <ada@example.org>");
    assertThat(Instant.parse(card.createdAt())).isBeforeOrEqualTo(Instant.now());
    assertThat(card.sourceCommit()).isEqualTo(head);
    assertThat(card.sourceDirty()).isFalse();
    assertThat(card.layout()).isEqualTo(Layout.SPLIT_FOLDERS);
    assertThat(card.counts())
        .isEqualTo(Map.of("train", Map.of("cat", 1, "dog", 1), "test", Map.of("cat", 1)));
    assertThat(card.files()).isEqualTo(3);
    assertThat(card.bytes()).isEqualTo(15);
    assertThat(f.registry.read("datasets/cats/v1/manifest.json"))
        .hasValue(manifest.toCanonicalJson());
    assertThat(f.registry.read("datasets/cats/v1/card.json")).hasValue(Json.pretty(card));
    assertThat(f.registry.tagTarget("dataset/cats/v1")).contains(head);
    assertThat(manifest.entries()).allSatisfy(e -> assertThat(f.store.has(e.sha256())).isTrue());
    assertThat(result.summaryLines())
        .singleElement()
        .asString()
        .startsWith("Created dataset cats v1 (parent: none): 3 files, 0.0 MB, manifest ")
        .endsWith(", tag dataset/cats/v1");
  }

  @Test
  void version_sameContentAgain_makesNoCommitAndSaysEqualsV1() throws Exception {
    f.version("cats");
    String registryHead = f.registry.registryHead().orElseThrow();

    VersionResult again = f.version("cats");

    assertThat(again.created()).isFalse();
    assertThat(again.card().version()).isEqualTo(1);
    assertThat(again.summaryLines())
        .containsExactly(
            "Dataset cats unchanged: equals v1 (manifest "
                + again.card().manifestId().substring(0, 12)
                + ")");
    assertThat(f.registry.registryHead()).contains(registryHead);
  }

  @Test
  void version_changedContent_createsV2WithParentV1() throws Exception {
    f.version("cats");
    f.write("val/dog/d.png", "dog-d");

    VersionResult v2 = f.version("cats");

    assertThat(v2.created()).isTrue();
    assertThat(v2.card().version()).isEqualTo(2);
    assertThat(v2.card().parent()).isEqualTo("v1");
    assertThat(f.versions.list("cats")).extracting(DatasetCard::version).containsExactly(1, 2);
    assertThat(f.registry.tags("dataset/cats/"))
        .containsExactly("dataset/cats/v1", "dataset/cats/v2");
  }

  @Test
  void version_explicitParent_isRecordedAndUnknownParentRejectedEvenForKnownContent()
      throws Exception {
    f.version("cats");
    f.write("val/dog/d.png", "dog-d");
    f.version("cats");
    f.write("val/dog/e.png", "dog-e");

    VersionResult v3 =
        f.versions.version(new VersionRequest("cats", f.scan(), f.data, Optional.of("v1"), false));

    assertThat(v3.card().parent()).isEqualTo("v1");
    assertThatThrownBy(
            () ->
                f.versions.version(
                    new VersionRequest("cats", f.scan(), f.data, Optional.of("9"), false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no version v9")
        .hasMessageContaining("v1, v2, v3")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("parent"));
    assertThat(f.versions.list("cats")).hasSize(3);
  }

  @Test
  void version_unbornHead_asksToCommitFirst() throws Exception {
    Path unborn = tmp.resolve("fresh");
    Git.init().setDirectory(unborn.toFile()).call().close();
    try (RegistryRepository registry = RegistryRepository.open(unborn)) {
      DatasetVersions versions = new DatasetVersions(registry, f.store, Progress.NONE);
      assertThatThrownBy(
              () ->
                  versions.version(
                      new VersionRequest("cats", f.scan(), f.data, Optional.empty(), false)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("commit your project first");
    }
  }

  @Test
  void version_uncommittedProjectChanges_recordedInCardAndWarned() throws Exception {
    List<String> warnings = new ArrayList<>();
    Progress recording = ProgressLog.warningsTo(warnings);
    try (DatasetFixture dirty =
        new DatasetFixture(tmp.resolve("dirty"), f.store.root(), recording)) {
      dirty.write("train/cat/a.png", "a");
      Files.writeString(dirty.project.resolve("pom.xml"), "<project>edited</project>");

      VersionResult result = dirty.version("cats");

      assertThat(result.card().sourceDirty()).isTrue();
      assertThat(warnings).singleElement().asString().contains("uncommitted changes");
    }
  }

  @Test
  void version_invalidName_isRejectedBeforeAnythingIsStored() throws Exception {
    assertThatThrownBy(() -> f.version("../cats"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dataset name '../cats' is not valid")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("dataset"));
    assertThat(f.registry.registryHead()).isEmpty();
  }

  @Test
  void version_tagOfEarlierVersionMissing_isRecreatedFromItsCard() throws Exception {
    f.version("cats");
    try (Git git = Git.open(f.project.toFile())) {
      git.tagDelete().setTags("dataset/cats/v1").call();
    }
    f.write("val/dog/d.png", "dog-d");

    f.version("cats");

    assertThat(f.registry.tagTarget("dataset/cats/v1")).isPresent();
    assertThat(f.registry.tagTarget("dataset/cats/v2")).isPresent();
  }

  @Test
  void list_elevenVersions_sortedNumerically() throws Exception {
    for (int i = 1; i <= 11; i++) {
      f.write("train/cat/a.png", "cat-a-" + i);
      f.version("cats");
    }

    assertThat(f.versions.list("cats"))
        .extracting(DatasetCard::version)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(f.versions.list("dogs")).isEmpty();
  }

  @Test
  void manifest_existingVersion_equalsRegisteredManifest() throws Exception {
    Manifest manifest = f.scan();
    f.version("cats");

    assertThat(f.versions.manifest("cats", 1)).isEqualTo(manifest);
  }

  @Test
  void manifest_unknownVersion_namesExistingVersionsAndFix() throws Exception {
    f.version("cats");

    assertThatThrownBy(() -> f.versions.manifest("cats", 4))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no version v4; existing versions: v1 (choose one of them)")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("version"));
    assertThatThrownBy(() -> f.versions.manifest("dogs", 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no version v1: it has no versions")
        .hasMessageContaining("version the data first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.VERSION_DATA).orSetting("push"));
  }
}
