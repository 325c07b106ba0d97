package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsCheckTest {
  @TempDir Path dir;

  private void png(String path, int type) throws IOException {
    TestImages.png(dir, path, TestImages.halves(16, 16, type));
  }

  @Test
  void run_mixedLayouts_warnsWithCountsAndMinorityFiles() throws IOException {
    png("train/cat/a.png", BufferedImage.TYPE_INT_RGB);
    png("train/cat/b.png", BufferedImage.TYPE_INT_RGB);
    png("train/dog/c.png", BufferedImage.TYPE_INT_RGB);
    png("train/dog/gray.png", BufferedImage.TYPE_BYTE_GRAY);
    png("val/dog/alpha.png", BufferedImage.TYPE_INT_ARGB);
    TestImages.text(dir, "val/dog/broken.png", "not decoded, not counted");

    List<Finding> findings = new ChannelsCheck().run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.files()).containsExactly("val/dog/alpha.png", "train/dog/gray.png");
    assertThat(f.message())
        .isEqualTo(
            "mixed channel layouts: RGB 3, RGBA 1, gray 1 (not RGB: val/dog/alpha.png,"
                + " train/dog/gray.png); check that these images belong in the dataset, or convert"
                + " them to RGB");
  }

  @Test
  void run_oneLayout_findsNothing() throws IOException {
    png("train/cat/a.png", BufferedImage.TYPE_BYTE_GRAY);
    png("val/cat/b.png", BufferedImage.TYPE_BYTE_GRAY);

    assertThat(new ChannelsCheck().run(TestImages.context(dir))).isEmpty();
  }
}
