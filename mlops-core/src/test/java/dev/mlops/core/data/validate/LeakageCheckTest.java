package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakageCheckTest {
  @TempDir Path dir;

  @Test
  void run_sameContentInTrainAndTest_errorNamingBothFiles() throws IOException {
    Path a = TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "train/cat/a.png", "test/cat/z.png");
    TestImages.png(dir, "test/cat/b.png", TestImages.pattern(2));

    List<Finding> findings = new LeakageCheck().run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.files()).containsExactly("train/cat/a.png", "test/cat/z.png");
    assertThat(f.message())
        .isEqualTo(
            "identical content in train and test (sha256 "
                + TestImages.sha256(a).substring(0, 12)
                + "): train/cat/a.png, test/cat/z.png; keep it in one split only (leakage"
                + " inflates evaluation results)");
  }

  @Test
  void run_copiesInThreeSplitsWithDifferentLabels_oneErrorNamingLabels() throws IOException {
    TestImages.png(dir, "val/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "val/cat/a.png", "train/dog/a.png");
    TestImages.copy(dir, "val/cat/a.png", "test/cat/a.png");

    List<Finding> findings = new LeakageCheck().run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).files())
        .containsExactly("train/dog/a.png", "val/cat/a.png", "test/cat/a.png");
    assertThat(findings.get(0).message())
        .startsWith("identical content in train and val and test")
        .contains(", labelled cat and dog;");
  }

  @Test
  void run_copiesInOneSplit_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "train/cat/a.png", "train/cat/b.png");

    assertThat(new LeakageCheck().run(TestImages.context(dir))).isEmpty();
  }
}
