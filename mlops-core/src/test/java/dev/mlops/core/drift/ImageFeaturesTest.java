package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageFeaturesTest {
  private static double f(double[] v, ImageFeature f) {
    return v[f.ordinal()];
  }

  @Test
  void grayImage_handComputedValues() {
    // 3x2 gray: 0, 51, 102 / 153, 204, 255 -> mean 127.5, population variance
    // 2 * (127.5^2 + 76.5^2 + 25.5^2) / 6 = 7586.25
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    int[] values = {0, 51, 102, 153, 204, 255};
    image.getRaster().setPixels(0, 0, 3, 2, values);
    double[] v = ImageFeatures.of(image);
    assertThat(f(v, ImageFeature.BRIGHTNESS)).isCloseTo(0.5, within(1e-6));
    assertThat(f(v, ImageFeature.CONTRAST)).isCloseTo(Math.sqrt(7586.25) / 255, within(1e-6));
    assertThat(f(v, ImageFeature.MEAN_RED)).isCloseTo(0.5, within(1e-9));
    assertThat(f(v, ImageFeature.MEAN_BLUE)).isCloseTo(0.5, within(1e-9));
    assertThat(f(v, ImageFeature.SATURATION)).isZero();
    assertThat(f(v, ImageFeature.WIDTH)).isEqualTo(3);
    assertThat(f(v, ImageFeature.HEIGHT)).isEqualTo(2);
    assertThat(f(v, ImageFeature.ASPECT_RATIO)).isCloseTo(1.5, within(1e-12));
    // fewer than 3 rows: no interior pixel
    assertThat(f(v, ImageFeature.SHARPNESS)).isZero();
  }

  @Test
  void rgbImage_channelMeansAndSaturation() {
    // two pixels: pure red (255,0,0) and gray (100,100,100)
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(0, 0, 0xff0000);
    image.setRGB(1, 0, 0x646464);
    double[] v = ImageFeatures.of(image);
    assertThat(f(v, ImageFeature.MEAN_RED)).isCloseTo((255 + 100) / 2.0 / 255, within(1e-9));
    assertThat(f(v, ImageFeature.MEAN_GREEN)).isCloseTo(50.0 / 255, within(1e-9));
    // saturation: red 1, gray 0
    assertThat(f(v, ImageFeature.SATURATION)).isCloseTo(0.5, within(1e-9));
    // luma: 0.299*255 = 76.245 and 100
    assertThat(f(v, ImageFeature.BRIGHTNESS)).isCloseTo((76.245 + 100) / 2 / 255, within(1e-6));
  }

  @Test
  void laplacian_handComputedVariance() {
    // 4x3 luma, interior pixels (1,1) and (2,1):
    // row0: 0 0 0 0 / row1: 0 10 0 0 / row2: 0 0 0 0
    // lap(1,1) = 0+0+0+0 - 40 = -40; lap(2,1) = 10+0+0+0 - 0 = 10 -> mean -15, var 625
    // (luma in thousandths, as the features store it)
    int[] luma = {0, 0, 0, 0, 0, 10_000, 0, 0, 0, 0, 0, 0};
    assertThat(ImageFeatures.laplacianVariance(luma, 4, 3)).isCloseTo(625, within(1e-9));
  }

  @Test
  void blurring_lowersSharpness() {
    BufferedImage sharp = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage blurred = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        sharp.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
        blurred.getRaster().setSample(x, y, 0, 128 + ((x + y) % 2 == 0 ? 10 : -10));
      }
    }
    assertThat(f(ImageFeatures.of(sharp), ImageFeature.SHARPNESS))
        .isGreaterThan(100 * f(ImageFeatures.of(blurred), ImageFeature.SHARPNESS));
  }

  @Test
  void grayStoredAsRgb_givesTheSameFeaturesAsGray() {
    BufferedImage gray = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage rgb = new BufferedImage(5, 4, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        int g = (x * 37 + y * 91) % 256;
        gray.getRaster().setSample(x, y, 0, g);
        rgb.getRaster().setPixel(x, y, new int[] {g, g, g});
      }
    }
    double[] a = ImageFeatures.of(gray);
    double[] b = ImageFeatures.of(rgb);
    for (ImageFeature feature : ImageFeature.values()) {
      assertThat(b[feature.ordinal()])
          .as(feature.id())
          .isCloseTo(
              a[feature.ordinal()], within(1e-4 * Math.max(1, Math.abs(a[feature.ordinal()]))));
    }
  }
}
