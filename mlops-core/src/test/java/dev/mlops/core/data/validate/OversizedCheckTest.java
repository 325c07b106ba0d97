package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OversizedCheckTest {
  @TempDir Path dir;

  @Test
  void run_headerClaimingGigapixels_errorNamingSizeAndLimit() throws IOException {
    TestImages.bytes(dir, "train/cat/bomb.png", TestImages.pngHeaderClaiming(50_000, 50_000));
    TestImages.png(dir, "train/cat/ok.png", TestImages.pattern(1));

    List<Finding> findings =
        new OversizedCheck(ValidationConfig.DEFAULT_MAX_PIXELS).run(TestImages.context(dir));

    assertThat(findings).hasSize(1);
    Finding bomb = findings.get(0);
    assertThat(bomb.severity()).isEqualTo(Severity.ERROR);
    assertThat(bomb.files()).containsExactly("train/cat/bomb.png");
    assertThat(bomb.message())
        .startsWith(
            "train/cat/bomb.png: 50000x50000 is 2500000000 pixels, more than maxPixels"
                + " 100000000; not decoded")
        .contains("raise maxPixels");
  }

  @Test
  void run_realImageAboveConfiguredLimit_error() throws IOException {
    TestImages.png(
        dir, "train/cat/big.png", new BufferedImage(1000, 1000, BufferedImage.TYPE_BYTE_GRAY));

    List<Finding> findings = new OversizedCheck(100_000).run(TestImages.context(dir, 100_000));

    assertThat(findings).extracting(Finding::files).containsExactly(List.of("train/cat/big.png"));
  }

  @Test
  void run_imagesWithinLimit_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));

    assertThat(new OversizedCheck(36 * 32).run(TestImages.context(dir, 36 * 32))).isEmpty();
  }
}
