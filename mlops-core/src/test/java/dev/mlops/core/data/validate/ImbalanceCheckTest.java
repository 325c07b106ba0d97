package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImbalanceCheckTest {
  @TempDir Path dir;

  private int seed;

  private void images(String folder, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      TestImages.png(dir, folder + "/" + i + ".png", TestImages.pattern(seed++));
    }
  }

  @Test
  void run_trainThreeToOne_warnsNamingBothClasses() throws IOException {
    images("train/cat", 3);
    images("train/dog", 1);
    images("val/cat", 1);
    images("val/dog", 1);

    List<Finding> findings = new ImbalanceCheck(1.5, false).run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(findings.get(0).message())
        .isEqualTo(
            "train: classes are imbalanced: 'cat' has 3 images, 'dog' 1 (ratio 3.00 >"
                + " maxImbalance 1.50); add images to 'dog' or remove some from 'cat', or raise"
                + " maxImbalance");
  }

  @Test
  void run_failOnImbalance_error() throws IOException {
    images("train/cat", 3);
    images("train/dog", 1);

    List<Finding> findings = new ImbalanceCheck(1.5, true).run(TestImages.context(dir));

    assertThat(findings).extracting(Finding::severity).containsExactly(Severity.ERROR);
  }

  @Test
  void run_ratioExactlyAtLimit_findsNothing() throws IOException {
    images("train/cat", 3);
    images("train/dog", 2);

    assertThat(new ImbalanceCheck(1.5, true).run(TestImages.context(dir))).isEmpty();
  }
}
