package dev.mlops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {
  @TempDir Path dir;

  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};

  private static float[] tensor(BufferedImage image, Preprocessing pre) {
    return new ImagePreprocessor(pre).tensor(image);
  }

  @Test
  void tensor_sameSizeRgb_isTheExactPixelsChannelFirst() {
    BufferedImage image =
        Pictures.rgb(
            BufferedImage.TYPE_3BYTE_BGR, new int[][] {{0x102030, 0x405060}, {0x708090, 0xa0b0c0}});

    float[] t = tensor(image, new Preprocessing(2, 3, ZERO, ONE));

    float[] expected = {
      0x10, 0x40, 0x70, 0xa0, 0x20, 0x50, 0x80, 0xb0, 0x30, 0x60, 0x90, 0xc0,
    };
    for (int i = 0; i < expected.length; i++) {
      expected[i] /= 255f;
    }
    assertThat(t).containsExactly(expected);
  }

  @Test
  void tensor_imagenet_normalisesEachChannelWithItsMeanAndStd() {
    BufferedImage image =
        Pictures.rgb(BufferedImage.TYPE_INT_RGB, new int[][] {{0xff8000, 0}, {0, 0}});

    float[] t = tensor(image, Preprocessing.imagenet(2, 3));

    assertThat(t[0]).isEqualTo((1f - 0.485f) / 0.229f);
    assertThat(t[4]).isEqualTo((128 / 255f - 0.456f) / 0.224f);
    assertThat(t[8]).isEqualTo((0f - 0.406f) / 0.225f);
    assertThat(t[1]).isEqualTo((0f - 0.485f) / 0.229f);
  }

  @Test
  void tensor_uniformImageResized_staysUniform() {
    int[][] rows = new int[20][37];
    for (int[] row : rows) {
      java.util.Arrays.fill(row, 0x336699);
    }
    BufferedImage image = Pictures.rgb(BufferedImage.TYPE_3BYTE_BGR, rows);

    float[] t = tensor(image, new Preprocessing(16, 3, ZERO, ONE));

    assertThat(t).hasSize(3 * 16 * 16);
    for (int c = 0; c < 3; c++) {
      float v = (0x33 + c * 0x33) / 255f;
      for (int p = 0; p < 256; p++) {
        assertThat(t[c * 256 + p]).isEqualTo(v);
      }
    }
  }

  @Test
  void tensor_halvingWidth_averagesNeighboursLikePilBilinear() {
    BufferedImage image = Pictures.gray(new int[][] {{0, 255, 10, 20}, {0, 255, 10, 20}});

    float[] t = tensor(image, new Preprocessing(2, 1, new float[] {0}, new float[] {1}));

    // 4x2 -> 2x2: each output column is the triangle-weighted mean of three source columns
    // (weights 1/8, 3/8, 3/8, 1/8 clipped at the border and renormalised).
    float left = Math.round((0 * 3 + 255 * 3 + 10 * 1) / 7f) / 255f;
    float right = Math.round((255 * 1 + 10 * 3 + 20 * 3) / 7f) / 255f;
    assertThat(t).containsExactly(left, right, left, right);
  }

  @Test
  void tensor_grayImageForRgbModel_repeatsTheStoredValue() {
    BufferedImage image = Pictures.gray(new int[][] {{100, 200}, {0, 255}});

    float[] t = tensor(image, new Preprocessing(2, 3, ZERO, ONE));

    float[] plane = {100 / 255f, 200 / 255f, 0, 1};
    for (int c = 0; c < 3; c++) {
      assertThat(java.util.Arrays.copyOfRange(t, c * 4, c * 4 + 4)).containsExactly(plane);
    }
  }

  @Test
  void tensor_rgbImageForGrayModel_usesPilLuma() {
    BufferedImage image =
        Pictures.rgb(
            BufferedImage.TYPE_3BYTE_BGR, new int[][] {{0xff0000, 0x00ff00}, {0x0000ff, 0xffffff}});

    float[] t = tensor(image, new Preprocessing(2, 1, new float[] {0}, new float[] {1}));

    // PIL: L = R * 299/1000 + G * 587/1000 + B * 114/1000 -> 76, 150, 29, 255.
    assertThat(t).containsExactly(76 / 255f, 150 / 255f, 29 / 255f, 1f);
  }

  @Test
  void tensor_sameColoursInAnyImageType_giveTheSameNumbers() {
    int[][] rows = {{0x102030, 0xfedcba, 0x000000}, {0x7f7f7f, 0x00ff00, 0x123456}};
    Preprocessing pre = Preprocessing.imagenet(5, 3);
    float[] reference = tensor(Pictures.rgb(BufferedImage.TYPE_INT_RGB, rows), pre);

    for (int type :
        new int[] {
          BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB
        }) {
      assertThat(tensor(Pictures.rgb(type, rows), pre)).as("type %d", type).isEqualTo(reference);
    }
  }

  @Test
  void tensor_indexedImageAndSubimage_giveTheNumbersOfTheirColours() {
    int[][] rows = {{0x336699, 0xff0000, 0x00ffcc}, {0x000000, 0xffffff, 0x99cc33}};
    Preprocessing pre = Preprocessing.imagenet(4, 3);
    float[] reference = tensor(Pictures.rgb(BufferedImage.TYPE_INT_RGB, rows), pre);
    BufferedImage large =
        Pictures.rgb(
            BufferedImage.TYPE_3BYTE_BGR,
            new int[][] {
              {1, 1, 1, 1}, {1, 0x336699, 0xff0000, 0x00ffcc}, {1, 0, 0xffffff, 0x99cc33}
            });

    float[] indexed = tensor(Pictures.rgb(BufferedImage.TYPE_BYTE_INDEXED, rows), pre);
    float[] sub = tensor(large.getSubimage(1, 1, 3, 2), pre);

    assertThat(indexed).isEqualTo(reference);
    assertThat(sub).isEqualTo(reference);
  }

  @Test
  void tensor_sixteenBitGray_isScaledToEightBits() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setPixels(0, 0, 2, 1, new int[] {65535, 100 * 257});

    float[] t = tensor(image, new Preprocessing(2, 1, new float[] {0}, new float[] {1}));

    assertThat(t).containsExactly(1f, 100 / 255f, 1f, 100 / 255f);
  }

  @Test
  void read_undecodableFile_throwsInvalidInputNamingTheFile() throws IOException {
    Path file = dir.resolve("broken.jpg");
    Files.writeString(file, "not an image");

    assertThatThrownBy(() -> ImagePreprocessor.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not in an image format");
  }

  @Test
  void read_headerOverMaxPixels_refusedFromTheHeaderNamingFileAndSetting() throws Exception {
    Path file = Pictures.write(dir, "big.png", Pictures.noise(1, 40, 30));

    assertThatThrownBy(() -> ImagePreprocessor.read(file, 1_199))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("40x30, 1200 pixels, more than maxPixels 1199")
        .hasMessageContaining("not decoded");
    assertThat(ImagePreprocessor.read(file, 1_200).getWidth()).isEqualTo(40);
  }

  @Test
  void read_gigapixelHeaderOfASmallFile_refusedWithTheDefaultLimit() throws IOException {
    // A 381-byte JPEG whose SOF claims 40000x18971: decoding it took 760 MB of heap.
    Path file = dir.resolve("bomb.jpg");
    try (var in =
        getClass().getResourceAsStream("/fuzz/regressions/jpeg-sof-40000x18971-truncated.jpg")) {
      Files.write(file, in.readAllBytes());
    }

    assertThatThrownBy(() -> ImagePreprocessor.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("40000x18971")
        .hasMessageContaining("maxPixels 100000000");
  }

  @Test
  void read_truncatedJpeg_throwsInsteadOfReturningAHalfGreyImage() throws IOException {
    Path whole = Pictures.write(dir, "whole.jpg", Pictures.noise(2, 48, 48));
    byte[] bytes = Files.readAllBytes(whole);
    Path file = dir.resolve("cut.jpg");
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

    assertThatThrownBy(() -> ImagePreprocessor.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("Truncated File - Missing EOI marker");
  }

  @Test
  void read_missingFile_throwsInvalidInputSayingItDoesNotExist() {
    Path file = dir.resolve("gone.png");

    assertThatThrownBy(() -> ImagePreprocessor.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void detectChannels_onlyGrayFiles_isOne() throws Exception {
    Path png = Pictures.write(dir, "a.png", Pictures.gray(new int[][] {{1, 2}, {3, 4}}));
    Path jpg = Pictures.write(dir, "b.jpg", Pictures.gray(new int[16][16]));

    assertThat(ImagePreprocessor.detectChannels(List.of(png, jpg))).isEqualTo(1);
  }

  @Test
  void detectChannels_oneRgbFileAmongGray_isThree() throws Exception {
    Path gray = Pictures.write(dir, "a.png", Pictures.gray(new int[][] {{1, 2}, {3, 4}}));
    Path rgb = Pictures.write(dir, "b.jpg", Pictures.noise(1, 16, 16));

    assertThat(ImagePreprocessor.detectChannels(List.of(gray, rgb))).isEqualTo(3);
    assertThat(ImagePreprocessor.detectChannels(List.of())).isEqualTo(3);
  }

  @Test
  void detectChannels_undecodableFile_throwsInvalidInputNamingIt() throws IOException {
    Path file = dir.resolve("x.png");
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> ImagePreprocessor.detectChannels(List.of(file)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString());
  }
}
