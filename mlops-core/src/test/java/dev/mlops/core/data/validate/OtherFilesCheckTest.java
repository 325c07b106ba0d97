package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherFilesCheckTest {
  @TempDir Path dir;

  @Test
  void run_otherFiles_oneWarningListingThemSorted() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    ValidationContext scanned = TestImages.context(dir);
    ValidationContext context =
        new ValidationContext(
            dir, scanned.manifest(), scanned.images(), List.of("train/cat/notes.txt", "README.md"));

    List<Finding> findings = new OtherFilesCheck().run(context);

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(findings.get(0).files()).containsExactly("README.md", "train/cat/notes.txt");
    assertThat(findings.get(0).message())
        .isEqualTo(
            "2 files are not images (ignored): README.md, train/cat/notes.txt; move them out of"
                + " the data directory, or give images a supported extension");
  }

  @Test
  void run_oneOtherFile_singularMessage() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    ValidationContext scanned = TestImages.context(dir);
    ValidationContext context =
        new ValidationContext(dir, scanned.manifest(), scanned.images(), List.of("a.txt"));

    assertThat(new OtherFilesCheck().run(context))
        .extracting(Finding::message)
        .containsExactly(
            "1 file is not an image (ignored): a.txt; move it out of the data directory, or give"
                + " images a supported extension");
  }

  @Test
  void run_oneSymbolicLink_ownWarningSayingItIsNotFollowed() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    ValidationContext scanned = TestImages.context(dir);
    ValidationContext context =
        new ValidationContext(
            dir, scanned.manifest(), scanned.images(), List.of(), List.of("train/cat/l.png"));

    assertThat(new OtherFilesCheck().run(context))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.files()).containsExactly("train/cat/l.png");
              assertThat(f.message())
                  .isEqualTo(
                      "1 symbolic link was skipped, not followed (neither it nor its target is"
                          + " part of the dataset): train/cat/l.png; put the files themselves in"
                          + " the data directory to include them, or remove the link");
            });
  }

  @Test
  void run_otherFileWithNewlineInName_namesItEscapedAndKeepsTheRawPath() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    ValidationContext scanned = TestImages.context(dir);
    ValidationContext context =
        new ValidationContext(dir, scanned.manifest(), scanned.images(), List.of("a\nb.txt"));

    Finding finding = new OtherFilesCheck().run(context).get(0);

    assertThat(finding.message()).contains("(ignored): a\\nb.txt;").doesNotContain("\n");
    assertThat(finding.files()).containsExactly("a\nb.txt");
  }

  @Test
  void run_noOtherFiles_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));

    assertThat(new OtherFilesCheck().run(TestImages.context(dir))).isEmpty();
  }
}
