package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicatesCheckTest {
  @TempDir Path dir;

  @Test
  void run_copiesInsideOneSplit_warnsWithAllCopies() throws IOException {
    Path a = TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "train/cat/a.png", "train/dog/a-copy.png");
    TestImages.png(dir, "train/dog/b.png", TestImages.pattern(2));

    List<Finding> findings = new DuplicatesCheck().run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.files()).containsExactly("train/cat/a.png", "train/dog/a-copy.png");
    assertThat(f.message())
        .isEqualTo(
            "2 files in train have identical content (sha256 "
                + TestImages.sha256(a).substring(0, 12)
                + "): train/cat/a.png, train/dog/a-copy.png; keep one copy");
  }

  @Test
  void run_copyInAnotherSplit_isLeftToTheLeakageCheck() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.copy(dir, "train/cat/a.png", "val/cat/a.png");

    assertThat(new DuplicatesCheck().run(TestImages.context(dir))).isEmpty();
  }

  @Test
  void run_emptyFiles_areNotDuplicates() throws IOException {
    TestImages.bytes(dir, "train/cat/e1.png", new byte[0]);
    TestImages.bytes(dir, "train/cat/e2.png", new byte[0]);

    assertThat(new DuplicatesCheck().run(TestImages.context(dir))).isEmpty();
  }
}
