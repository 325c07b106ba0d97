package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassesCheckTest {
  @TempDir Path dir;

  private void images(String... paths) throws IOException {
    int seed = 0;
    for (String path : paths) {
      TestImages.png(dir, path, TestImages.pattern(seed++));
    }
  }

  @Test
  void run_declaredClassMissingAndUndeclaredFolder_twoErrors() throws IOException {
    images("train/cat/a.png", "train/dog/b.png", "val/cat/c.png", "val/fish/d.png");

    List<Finding> findings = new ClassesCheck(List.of("cat", "dog")).run(TestImages.context(dir));

    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.ERROR);
    assertThat(findings)
        .extracting(Finding::message)
        .containsExactly(
            "val: declared classes missing: dog; add images under val/dog, or remove them from"
                + " classes",
            "class folder 'fish' is not declared in classes [cat, dog]: val/fish; add 'fish' to"
                + " classes, or remove the folder");
    assertThat(findings.get(1).files()).containsExactly("val/fish");
  }

  @Test
  void run_splitWithoutFolder_isNotChecked() throws IOException {
    images("train/cat/a.png", "train/dog/b.png");

    assertThat(new ClassesCheck(List.of("cat", "dog")).run(TestImages.context(dir))).isEmpty();
  }

  @Test
  void run_undeclaredAndSplitLacksAClass_warns() throws IOException {
    images("train/cat/a.png", "train/dog/b.png", "test/cat/c.png");

    List<Finding> findings = new ClassesCheck(List.of()).run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(findings.get(0).message())
        .isEqualTo(
            "test: no images of classes dog (present in other splits); add images under"
                + " test/dog, or declare classes to make this an error");
  }

  @Test
  void run_classFoldersLayoutWithEmptySplit_errorExplainsTheSeededSplit() throws IOException {
    images("cat/a.png", "cat/b.png", "dog/c.png");
    List<ManifestEntry> entries =
        List.of(
            entry("cat/a.png", Split.TRAIN, "cat"),
            entry("cat/b.png", Split.TEST, "cat"),
            entry("dog/c.png", Split.TRAIN, "dog"));
    Manifest manifest = new Manifest(Layout.CLASS_FOLDERS, SplitPolicy.DEFAULT, entries);

    List<Finding> findings =
        new ClassesCheck(List.of("cat", "dog"))
            .run(new ValidationContext(dir, manifest, List.of(), List.of()));

    assertThat(findings)
        .extracting(Finding::message)
        .containsExactly(
            "test: declared classes missing: dog (the seeded split put none of their images"
                + " there); add images under dog, or remove them from classes");
  }

  private ManifestEntry entry(String path, Split split, String label) throws IOException {
    Path file = dir.resolve(path);
    return new ManifestEntry(
        path, split, label, TestImages.sha256(file), java.nio.file.Files.size(file));
  }
}
