package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerceptualHashTest {
  @TempDir Path dir;

  @Test
  void dHash_sameImageReencodedAsJpeg_staysWithinDistance2() throws IOException {
    BufferedImage original = TestImages.pattern(7);
    Path jpeg = TestImages.jpeg(dir, "a.jpg", original);

    long a = PerceptualHash.dHash(original);
    long b = PerceptualHash.dHash(ImageIO.read(jpeg.toFile()));

    assertThat(PerceptualHash.distance(a, b)).isLessThanOrEqualTo(2);
  }

  @Test
  void dHash_differentPictures_differInManyBits() {
    long a = PerceptualHash.dHash(TestImages.pattern(1));
    long b = PerceptualHash.dHash(TestImages.pattern(2));

    assertThat(PerceptualHash.distance(a, b)).isGreaterThan(12);
  }

  @Test
  void dHash_samePictureInEveryPixelLayout_givesTheSameHash() {
    BufferedImage rgb = TestImages.pattern(5);
    long expected = PerceptualHash.dHash(rgb);
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_USHORT_GRAY,
      BufferedImage.TYPE_3BYTE_BGR,
      BufferedImage.TYPE_4BYTE_ABGR,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_BYTE_INDEXED
    };
    for (int type : types) {
      BufferedImage copy = new BufferedImage(rgb.getWidth(), rgb.getHeight(), type);
      copy.getGraphics().drawImage(rgb, 0, 0, null);

      assertThat(PerceptualHash.dHash(copy)).as("type %d", type).isEqualTo(expected);
    }
  }

  @Test
  void dHash_resizedCopy_staysClose() {
    BufferedImage original = TestImages.pattern(9);
    BufferedImage doubled = new BufferedImage(72, 64, BufferedImage.TYPE_INT_RGB);
    doubled.getGraphics().drawImage(original, 0, 0, 72, 64, null);

    assertThat(
            PerceptualHash.distance(PerceptualHash.dHash(original), PerceptualHash.dHash(doubled)))
        .isLessThanOrEqualTo(1);
  }

  @Test
  void dHash_imageSmallerThanTheGrid_comparesItsPixels() {
    BufferedImage tiny = TestImages.halves(2, 1, BufferedImage.TYPE_INT_RGB);

    long hash = PerceptualHash.dHash(tiny);

    // Every row of cells sees dark left, light right: only comparisons across the edge differ.
    assertThat(hash).isZero();
    BufferedImage flipped = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    flipped.setRGB(0, 0, 0xffd0c0b0);
    flipped.setRGB(1, 0, 0xff203040);
    assertThat(Long.bitCount(PerceptualHash.dHash(flipped))).isEqualTo(8);
  }
}
