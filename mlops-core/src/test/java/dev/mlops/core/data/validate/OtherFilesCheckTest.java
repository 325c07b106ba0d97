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
  void run_noOtherFiles_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));

    assertThat(new OtherFilesCheck().run(TestImages.context(dir))).isEmpty();
  }
}
