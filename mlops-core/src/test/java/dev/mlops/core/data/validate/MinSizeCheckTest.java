package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinSizeCheckTest {
  @TempDir Path dir;

  @Test
  void run_imagesBelowMinimum_oneWarningListingThemAndTheSmallest() throws IOException {
    TestImages.png(dir, "train/cat/ok.png", TestImages.pattern(1));
    TestImages.png(
        dir, "train/cat/small.png", TestImages.halves(16, 16, BufferedImage.TYPE_INT_RGB));
    TestImages.png(dir, "val/dog/flat.png", TestImages.halves(30, 8, BufferedImage.TYPE_INT_RGB));
    TestImages.text(dir, "val/dog/broken.png", "no header at all");
    TestImages.truncateJpegScan(
        TestImages.jpeg(
            dir, "val/dog/cut.jpg", TestImages.halves(16, 16, BufferedImage.TYPE_INT_RGB)));

    List<Finding> findings = new MinSizeCheck(20, 20).run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.files()).containsExactly("train/cat/small.png", "val/dog/flat.png");
    assertThat(f.message())
        .isEqualTo(
            "2 images are smaller than minWidth x minHeight 20x20 (smallest: val/dog/flat.png,"
                + " 30x8); replace with larger images, or lower minWidth/minHeight");
  }

  @Test
  void run_defaultMinimum_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/tiny.png", TestImages.halves(2, 1, BufferedImage.TYPE_INT_RGB));

    assertThat(new MinSizeCheck(1, 1).run(TestImages.context(dir))).isEmpty();
  }
}
