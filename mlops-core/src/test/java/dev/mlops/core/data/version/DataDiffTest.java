package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDiffTest {
  @TempDir Path tmp;

  @Test
  void diff_addedRemovedChangedRelabelled_classifiedExactly() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp)) {
      f.write("train/cat/keep.png", "keep");
      f.write("train/cat/change.png", "change-1");
      f.write("train/cat/gone.png", "gone");
      f.write("train/cat/moved.png", "actually-a-dog");
      f.version("pets");
      f.write("train/cat/change.png", "change-2");
      f.delete("train/cat/gone.png");
      f.delete("train/cat/moved.png");
      f.write("train/dog/moved.png", "actually-a-dog");
      f.write("val/dog/new.png", "new");
      f.version("pets");

      DataDiff diff = f.versions.diff("pets", 1, 2);

      assertThat(diff.added()).extracting(ManifestEntry::path).containsExactly("val/dog/new.png");
      assertThat(diff.removed())
          .extracting(ManifestEntry::path)
          .containsExactly("train/cat/gone.png");
      assertThat(diff.changed())
          .extracting(c -> c.after().path())
          .containsExactly("train/cat/change.png");
      assertThat(diff.relabelled()).hasSize(1);
      assertThat(diff.relabelled().get(0).before().path()).isEqualTo("train/cat/moved.png");
      assertThat(diff.relabelled().get(0).after().path()).isEqualTo("train/dog/moved.png");
      assertThat(diff.perClass().get("cat"))
          .isEqualTo(new DataDiff.ClassDelta(4, 2, 0, 1, 1, 0, 1));
      assertThat(diff.perClass().get("dog"))
          .isEqualTo(new DataDiff.ClassDelta(0, 2, 1, 0, 0, 1, 0));
      assertThat(diff.summaryLines())
          .containsExactly(
              "Dataset pets v1 -> v2: 1 added, 1 removed, 1 changed, 1 relabelled",
              "  cat: 4 -> 2 files (+0 added, -1 removed, 1 changed, 0 relabelled in, 1 out)",
              "  dog: 0 -> 2 files (+1 added, -0 removed, 0 changed, 1 relabelled in, 0 out)",
              "  + val/dog/new.png",
              "  - train/cat/gone.png",
              "  ~ train/cat/change.png",
              "  relabelled train/cat/moved.png -> train/dog/moved.png");
    }
  }

  @Test
  void diff_sameContentMovedWithinClass_isRemovedAndAddedNotRelabelled() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp)) {
      f.write("train/cat/a.png", "a").write("train/cat/b.png", "b");
      f.version("pets");
      f.delete("train/cat/a.png");
      f.write("val/cat/a.png", "a");
      f.version("pets");

      DataDiff diff = f.versions.diff("pets", 1, 2);

      assertThat(diff.relabelled()).isEmpty();
      assertThat(diff.added()).extracting(ManifestEntry::path).containsExactly("val/cat/a.png");
      assertThat(diff.removed()).extracting(ManifestEntry::path).containsExactly("train/cat/a.png");
    }
  }

  @Test
  void summaryLines_manyAddedFiles_listsTwentyAndCountsTheRest() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp)) {
      f.write("train/cat/a.png", "a");
      f.version("pets");
      for (int i = 0; i < 23; i++) {
        f.write(String.format("train/cat/n%02d.png", i), "n" + i);
      }
      f.version("pets");

      List<String> lines = f.versions.diff("pets", 1, 2).summaryLines();

      assertThat(lines).contains("  + train/cat/n19.png", "  ... and 3 more added");
      assertThat(lines).doesNotContain("  + train/cat/n20.png");
    }
  }

  @Test
  void diff_versionWithItself_isEmpty() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp)) {
      f.write("train/cat/a.png", "a");
      f.version("pets");

      DataDiff diff = f.versions.diff("pets", 1, 1);

      assertThat(diff.isEmpty()).isTrue();
      assertThat(diff.summaryLines()).containsExactly("Dataset pets v1 -> v1: no differences");
    }
  }
}
