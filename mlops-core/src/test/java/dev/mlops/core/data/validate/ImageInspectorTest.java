package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {
  @TempDir Path dir;

  private final ImageInspector inspector = new ImageInspector(ValidationConfig.DEFAULT_MAX_PIXELS);

  private ImageInfo inspect(String rel) throws IOException {
    return inspector.inspect(dir, TestImages.entry(dir, rel));
  }

  @Test
  void inspect_rgbPng_readsSizeChannelsAndHash() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));

    ImageInfo info = inspect("train/cat/a.png");

    assertThat(info.decoded()).isTrue();
    assertThat(info.format()).isEqualTo("png");
    assertThat(info.width()).isEqualTo(36);
    assertThat(info.height()).isEqualTo(32);
    assertThat(info.channels()).isEqualTo(3);
    assertThat(info.hashed()).isTrue();
    assertThat(info.perceptualHash()).isEqualTo(PerceptualHash.dHash(TestImages.pattern(1)));
    assertThat(inspector.decodeSeconds()).isPositive();
  }

  @Test
  void inspect_grayAndRgbaAndIndexedPngs_reportTheirChannels() throws IOException {
    TestImages.png(
        dir, "train/a/gray.png", TestImages.halves(16, 16, BufferedImage.TYPE_BYTE_GRAY));
    TestImages.png(dir, "train/a/rgba.png", TestImages.halves(16, 16, BufferedImage.TYPE_INT_ARGB));
    TestImages.png(
        dir, "train/a/indexed.png", TestImages.halves(16, 16, BufferedImage.TYPE_BYTE_INDEXED));

    assertThat(inspect("train/a/gray.png").channels()).isEqualTo(1);
    assertThat(inspect("train/a/rgba.png").channels()).isEqualTo(4);
    assertThat(inspect("train/a/indexed.png").channels()).isEqualTo(3);
  }

  @Test
  void inspect_truncatedJpeg_isADecodeErrorAlthoughImageIoOnlyWarns() throws IOException {
    Path file = TestImages.jpeg(dir, "train/cat/cut.jpg", TestImages.pattern(2));
    TestImages.truncateJpegScan(file);

    ImageInfo info = inspect("train/cat/cut.jpg");

    assertThat(ImageIO.read(file.toFile())).isNotNull();
    assertThat(info.decoded()).isFalse();
    assertThat(info.decodeError()).containsIgnoringCase("premature end");
    assertThat(info.width()).isEqualTo(36);
    assertThat(info.hashed()).isFalse();
  }

  @Test
  void inspect_truncatedPng_isADecodeError() throws IOException {
    Path file = TestImages.png(dir, "train/cat/cut.png", TestImages.pattern(3));
    TestImages.truncate(file, 0.6);

    ImageInfo info = inspect("train/cat/cut.png");

    assertThat(info.decodeError()).isNotBlank();
    assertThat(info.format()).isEqualTo("png");
    assertThat(info.hashed()).isFalse();
  }

  @Test
  void inspect_textFileNamedJpg_isNotAnImage() throws IOException {
    TestImages.text(dir, "train/cat/notes.jpg", "this is not a picture\n");

    ImageInfo info = inspect("train/cat/notes.jpg");

    assertThat(info.decodeError()).contains("not in an image format");
    assertThat(info.format()).isNull();
  }

  @Test
  void inspect_zeroByteFile_isEmpty() throws IOException {
    TestImages.bytes(dir, "train/cat/empty.png", new byte[0]);

    assertThat(inspect("train/cat/empty.png").decodeError()).isEqualTo("empty file: 0 bytes");
  }

  @Test
  void inspect_headerClaims50000x50000_flagsOversizedWithoutDecoding() throws IOException {
    byte[] bomb = TestImages.pngHeaderClaiming(50_000, 50_000);
    TestImages.bytes(dir, "train/cat/bomb.png", bomb);

    ImageInfo info = inspect("train/cat/bomb.png");

    assertThat(bomb.length).isLessThan(1000);
    assertThat(info.oversized()).isTrue();
    assertThat(info.pixels()).isEqualTo(2_500_000_000L);
    assertThat(info.decodeError()).isNull();
    assertThat(info.channels()).isZero();
    assertThat(inspector.decodeSeconds()).isZero();
  }

  @Test
  void inspect_headerClaims50000x50000WithoutLimit_wouldFailToDecode() throws IOException {
    // Proves the fixture above is a real bomb: decoding it is attempted only when allowed.
    TestImages.bytes(dir, "train/cat/bomb.png", TestImages.pngHeaderClaiming(50_000, 50_000));

    ImageInfo info =
        new ImageInspector(Long.MAX_VALUE)
            .inspect(dir, TestImages.entry(dir, "train/cat/bomb.png"));

    assertThat(info.oversized()).isFalse();
    assertThat(info.decodeError()).isNotNull();
  }

  @Test
  void inspect_realCompressibleImageAboveLimit_isOversized() throws IOException {
    Path file =
        TestImages.png(
            dir, "train/cat/big.png", new BufferedImage(1000, 1000, BufferedImage.TYPE_BYTE_GRAY));

    ImageInfo info =
        new ImageInspector(100_000).inspect(dir, TestImages.entry(dir, "train/cat/big.png"));

    assertThat(Files.size(file)).isLessThan(10_000);
    assertThat(info.oversized()).isTrue();
    assertThat(info.width()).isEqualTo(1000);
  }

  @Test
  void inspect_missingFile_throwsNamingThePath() {
    ManifestEntry gone = new ManifestEntry("train/cat/gone.png", Split.TRAIN, "cat", "00", 10);

    assertThatThrownBy(() -> inspector.inspect(dir, gone))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("train/cat/gone.png");
  }
}
