package dev.mlops.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.fuzz.FuzzSeeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

class JpegScansTest {
  @Test
  void count_baselineAndProgressiveJpegs_countTheirScans() throws IOException {
    assertThat(count(seed("jpg-rgb-48"))).isEqualTo(1);
    // ImageIO writes libjpeg's progressive scripts: 10 scans for colour, 6 for gray.
    assertThat(count(seed("jpg-progressive-64"))).isEqualTo(10);
    assertThat(count(seed("jpg-progressive-gray-8"))).isEqualTo(6);
  }

  @Test
  void count_notAJpeg_isZero() throws IOException {
    assertThat(count(seed("png-rgb-24"))).isZero();
    assertThat(count(new byte[0])).isZero();
  }

  @Test
  void tooMany_fileWith1450Scans_isTrue() throws IOException {
    byte[] bomb;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/fuzz/regressions/jpeg-progressive-1450-scans-8x65000.jpg")) {
      bomb = in.readAllBytes();
    }

    assertThat(count(bomb)).isEqualTo(1450);
    try (ImageInputStream in = stream(bomb)) {
      assertThat(JpegScans.tooMany(in)).isTrue();
    }
    try (ImageInputStream in = stream(seed("jpg-progressive-64"))) {
      assertThat(JpegScans.tooMany(in)).isFalse();
    }
  }

  private static int count(byte[] bytes) throws IOException {
    try (ImageInputStream in = stream(bytes)) {
      return JpegScans.count(in, Integer.MAX_VALUE);
    }
  }

  private static ImageInputStream stream(byte[] bytes) {
    return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
  }

  private static byte[] seed(String name) {
    return FuzzSeeds.all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow()
        .bytes();
  }
}
