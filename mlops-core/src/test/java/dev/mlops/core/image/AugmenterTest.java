package dev.mlops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmenterTest {
  private static final int S = 4;

  /** A 4x4 gray image whose pixel (x, y) is 10 * (4y + x) + 5: every pixel distinct. */
  private static byte[] ramp() {
    byte[] hwc = new byte[S * S];
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = (byte) (10 * i + 5);
    }
    return hwc;
  }

  private static float at(byte[] hwc, int x, int y) {
    return (hwc[y * S + x] & 0xff) / 255f;
  }

  private static float[] apply(byte[] hwc, int channels, AugmentParams params) {
    float[] out = new float[channels * S * S];
    new Augmenter(S, channels).apply(hwc, params, out);
    return out;
  }

  private static AugmentParams geometry(boolean flip, double degrees) {
    return new AugmentParams(flip, degrees, 1, 1, 1, new int[] {0, 1, 2});
  }

  private static AugmentParams jitter(float brightness, float contrast, float saturation) {
    return new AugmentParams(false, 0, brightness, contrast, saturation, new int[] {0, 1, 2});
  }

  @Test
  void withDefaults_unsetValuesKeepTheDefaultsAndJitterSetsAllThree() {
    assertThat(Augmentation.withDefaults(null, null, null)).isEqualTo(Augmentation.DEFAULT);
    assertThat(Augmentation.withDefaults(0.0, null, 0.4))
        .isEqualTo(new Augmentation(0, 15, 0.4, 0.4, 0.4));
    assertThatThrownBy(() -> Augmentation.withDefaults(null, 200.0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxRotationDegrees is 200.0");
  }

  @Test
  void apply_identity_givesTheNormalizersNumbers() {
    byte[] hwc = ramp();
    Preprocessing pre = new Preprocessing(S, 1, new float[] {0.3f}, new float[] {0.7f});
    float[] viaAugmenter = new float[S * S];
    new Normalizer(pre).fromUnit(apply(hwc, 1, AugmentParams.IDENTITY), viaAugmenter, 0);
    float[] direct = new float[S * S];
    new Normalizer(pre).fromBytes(hwc, direct, 0);

    assertThat(viaAugmenter).containsExactly(direct);
  }

  @Test
  void apply_flip_mirrorsEachRow() {
    byte[] hwc = ramp();

    float[] out = apply(hwc, 1, geometry(true, 0));

    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        assertThat(out[y * S + x]).isEqualTo(at(hwc, S - 1 - x, y));
      }
    }
  }

  @Test
  void apply_rotation90_turnsThePictureCounterClockwiseKeepingItsSize() {
    byte[] hwc = ramp();

    float[] out = apply(hwc, 1, geometry(false, 90));

    assertThat(out).hasSize(S * S);
    // Counter-clockwise: the top-right pixel becomes the top-left one, and so on.
    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        assertThat(out[y * S + x]).isCloseTo(at(hwc, S - 1 - y, x), within(1e-5f));
      }
    }
  }

  @Test
  void apply_rotation90OnRgb_movesTheThreeChannelsTogether() {
    byte[] hwc = new byte[S * S * 3];
    for (int p = 0; p < S * S; p++) {
      hwc[3 * p] = (byte) p;
      hwc[3 * p + 1] = (byte) (100 + p);
      hwc[3 * p + 2] = (byte) (200 + p);
    }

    float[] out = apply(hwc, 3, geometry(false, 90));

    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < S; y++) {
        for (int x = 0; x < S; x++) {
          int source = x * S + (S - 1 - y);
          float expected = (hwc[3 * source + c] & 0xff) / 255f;
          assertThat(out[c * S * S + y * S + x]).isCloseTo(expected, within(1e-5f));
        }
      }
    }
  }

  @Test
  void apply_flipThenRotation_flipsBeforeRotating() {
    byte[] hwc = ramp();

    float[] out = apply(hwc, 1, geometry(true, 90));

    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        assertThat(out[y * S + x]).isCloseTo(at(hwc, y, x), within(1e-5f));
      }
    }
  }

  @Test
  void apply_rotation45_fillsCornersBlackAndKeepsTheCentre() {
    int size = 16;
    byte[] white = new byte[size * size];
    java.util.Arrays.fill(white, (byte) 255);
    float[] out = new float[size * size];

    new Augmenter(size, 1).apply(white, geometry(false, 45), out);

    assertThat(out[0]).isZero();
    assertThat(out[size - 1]).isZero();
    assertThat(out[size * size - 1]).isZero();
    assertThat(out[8 * size + 8]).isCloseTo(1f, within(1e-5f));
    assertThat(out[8 * size + 1]).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void apply_brightness_scalesAndClamps() {
    byte[] hwc = ramp();
    hwc[S * S - 1] = (byte) 250;

    float[] out = apply(hwc, 1, jitter(1.2f, 1, 1));

    assertThat(out[0]).isEqualTo(5 / 255f * 1.2f);
    assertThat(out[S * S - 1]).isEqualTo(1f);
  }

  @Test
  void apply_contrastZero_givesTheMeanGrayEverywhere() {
    byte[] hwc = ramp();
    float mean = 0;
    for (int i = 0; i < S * S; i++) {
      mean += at(hwc, i % S, i / S) / (S * S);
    }

    float[] out = apply(hwc, 1, jitter(1, 0, 1));

    for (float v : out) {
      assertThat(v).isCloseTo(mean, within(1e-5f));
    }
  }

  @Test
  void apply_saturationZero_makesRgbGrayButLeavesGrayImagesAlone() {
    byte[] rgb = new byte[S * S * 3];
    for (int p = 0; p < S * S; p++) {
      rgb[3 * p] = (byte) 200;
      rgb[3 * p + 1] = (byte) 50;
      rgb[3 * p + 2] = (byte) 10;
    }

    float[] out = apply(rgb, 3, jitter(1, 1, 0));
    float[] gray = apply(ramp(), 1, jitter(1, 1, 0));

    float expected = 0.2989f * 200 / 255f + 0.587f * 50 / 255f + 0.114f * 10 / 255f;
    for (float v : out) {
      assertThat(v).isCloseTo(expected, within(1e-5f));
    }
    assertThat(gray).containsExactly(apply(ramp(), 1, AugmentParams.IDENTITY));
  }

  @Test
  void sample_defaultAugmentation_staysWithinItsBoundsAndUsesThem() {
    double minAngle = 0;
    double maxAngle = 0;
    float minFactor = 1;
    float maxFactor = 1;
    int flips = 0;
    for (int i = 0; i < 2000; i++) {
      AugmentParams p = AugmentParams.sample(Augmentation.DEFAULT, new SplittableRandom(i));
      minAngle = Math.min(minAngle, p.degrees());
      maxAngle = Math.max(maxAngle, p.degrees());
      for (float f : new float[] {p.brightness(), p.contrast(), p.saturation()}) {
        minFactor = Math.min(minFactor, f);
        maxFactor = Math.max(maxFactor, f);
      }
      flips += p.flip() ? 1 : 0;
      assertThat(p.order()).containsExactlyInAnyOrder(0, 1, 2);
    }
    assertThat(minAngle).isBetween(-15.0, -14.5);
    assertThat(maxAngle).isBetween(14.5, 15.0);
    assertThat(minFactor).isBetween(0.8f, 0.81f);
    assertThat(maxFactor).isBetween(1.19f, 1.2f);
    assertThat(flips).isBetween(900, 1100);
  }

  @Test
  void sample_none_changesNothing() {
    AugmentParams p = AugmentParams.sample(Augmentation.NONE, new SplittableRandom(7));

    assertThat(p.flip()).isFalse();
    assertThat(p.degrees()).isZero();
    assertThat(new float[] {p.brightness(), p.contrast(), p.saturation()}).containsExactly(1, 1, 1);
  }
}
