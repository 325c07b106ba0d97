package dev.mlops.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.core.Progress;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of {@code image-stats}: values materialized into the store equal what drift
 * computes ({@link ImageFeatures} of {@link ImagePreprocessor#read}, bit for bit), and agree within
 * 1e-6 with an independent computation in numpy on pixels decoded by Pillow (Debian's {@code
 * python3-numpy} and {@code python3-pil} in {@code /usr/bin/python3}, which {@code .ci/run}
 * installs; a missing one fails the test, it never skips). The numpy side follows the definitions
 * in float64 (luma 0.299R+0.587G+0.114B, population standard deviation, the 4-neighbour Laplacian's
 * variance over interior pixels), not the Java code's loop structure. Before {@link ImageFeatures}
 * kept the luma in exact integer thousandths, it added the four neighbours' float32 luma values in
 * float32, and sharpness differed from this definition by up to 1.2e-4 (about 4e-8 relative, on
 * values near 3000) on the 37x23 and 64x48 images; now every value, JPEGs included (ImageIO and
 * Pillow decode them to the same pixels here), agrees within 1e-6.
 */
class ImageStatsIndependentTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final double TOLERANCE = 1e-6;

  private static final String SCRIPT =
      """
      import sys
      import numpy as np
      from PIL import Image
      for name in sys.argv[1:]:
          im = Image.open(name)
          im.load()
          if im.mode in ('L', 'P', 'RGBA', 'LA'):
              rgb = np.asarray(im.convert('RGB'), dtype=np.float64)
          else:
              rgb = np.asarray(im, dtype=np.float64)
          if rgb.ndim == 2:
              rgb = np.stack([rgb, rgb, rgb], axis=-1)
          r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
          h, w = r.shape
          luma = 0.299 * r + 0.587 * g + 0.114 * b
          mx = rgb.max(axis=-1)
          mn = rgb.min(axis=-1)
          sat = np.where(mx > 0, (mx - mn) / np.where(mx > 0, mx, 1), 0.0)
          if w >= 3 and h >= 3:
              around = luma[1:-1, :-2] + luma[1:-1, 2:] + luma[:-2, 1:-1] + luma[2:, 1:-1]
              lap = around - 4.0 * luma[1:-1, 1:-1]
              sharp = lap.var()
          else:
              sharp = 0.0
          values = [luma.mean() / 255, luma.std() / 255, r.mean() / 255, g.mean() / 255,
                    b.mean() / 255, sat.mean(), sharp, w, h, w / h]
          print(' '.join(repr(float(v)) for v in values))
      """;

  @TempDir Path tmp;

  @Test
  void imageStats_realImages_equalDriftsCodePathAndAgreeWithNumpyPillow() throws Exception {
    List<Path> files = images();
    List<ImageRef> refs = new ArrayList<>();
    for (Path f : files) {
      refs.add(new ImageRef(sha256(f), f, f.getFileName().toString()));
    }
    List<double[]> stored = new ArrayList<>();
    try (FeatureStore store = FeatureStore.open(tmp.resolve("store"))) {
      MaterializeResult result = store.materialize(refs, Progress.NONE);
      assertThat(result.failed()).isEmpty();
      assertThat(result.computed()).isEqualTo(files.size());
      for (ImageRef ref : refs) {
        stored.add(store.get(FeatureView.IMAGE_STATS, ref.sha256()).orElseThrow());
      }
    }
    List<double[]> numpy = numpy(files);
    List<String> columns = FeatureView.IMAGE_STATS.columns();
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      assertThat(stored.get(i))
          .as("%s: store vs drift's code path", f.getFileName())
          .isEqualTo(ImageFeatures.of(ImagePreprocessor.read(f)));
      for (int j = 0; j < columns.size(); j++) {
        double diff = Math.abs(stored.get(i)[j] - numpy.get(i)[j]);
        if (!(diff <= TOLERANCE)) {
          disagreements.add(
              f.getFileName()
                  + " "
                  + columns.get(j)
                  + ": java "
                  + stored.get(i)[j]
                  + ", numpy "
                  + numpy.get(i)[j]);
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /** Gray, RGB, RGBA, palette PNGs and RGB and gray JPEGs, of odd sizes down to 1x1. */
  private List<Path> images() throws IOException {
    Random random = new Random(11);
    int[][] sizes = {{1, 1}, {2, 5}, {3, 3}, {37, 23}, {64, 48}};
    List<Path> files = new ArrayList<>();
    for (int[] s : sizes) {
      int w = s[0];
      int h = s[1];
      files.add(write(fill(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), random), "png"));
      files.add(write(fill(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), random), "png"));
      files.add(write(fill(new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), random), "png"));
      files.add(write(fill(palette(w, h), random), "png"));
      files.add(write(fill(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), random), "jpg"));
      files.add(write(fill(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), random), "jpg"));
    }
    return files;
  }

  private static BufferedImage palette(int w, int h) {
    byte[] r = new byte[16];
    byte[] g = new byte[16];
    byte[] b = new byte[16];
    for (int i = 0; i < 16; i++) {
      r[i] = (byte) (i * 17);
      g[i] = (byte) (255 - i * 13);
      b[i] = (byte) (i * 29 % 256);
    }
    return new BufferedImage(
        w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(4, 16, r, g, b));
  }

  /** Smooth gradients plus noise: sharpness and saturation far from 0, values not all equal. */
  private static BufferedImage fill(BufferedImage image, Random random) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int r = Math.min(255, x * 7 + random.nextInt(40));
        int g = Math.min(255, y * 5 + random.nextInt(60));
        int b = random.nextInt(256);
        image.setRGB(x, y, 0x80000000 | r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  private Path write(BufferedImage image, String format) throws IOException {
    Path file =
        tmp.resolve(
            String.format(
                "%dx%d-type%d.%s", image.getWidth(), image.getHeight(), image.getType(), format));
    assertThat(ImageIO.write(image, format, file.toFile())).as(file.toString()).isTrue();
    return file;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static List<double[]> numpy(List<Path> files) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", SCRIPT));
    files.forEach(f -> command.add(f.toString()));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run " + PYTHON + " (" + e.getMessage() + "); install python3-numpy python3-pil",
          e);
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      fail(PYTHON + " failed: " + out + "\ninstall python3-numpy python3-pil");
    }
    List<double[]> rows = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      String[] parts = line.trim().split(" ");
      double[] v = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        v[i] = Double.parseDouble(parts[i]);
      }
      rows.add(v);
    }
    assertThat(rows).hasSize(files.size());
    return rows;
  }
}
