package dev.mlops.core.drift;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A tiny two-class image world for drift tests: 20 px gray images of horizontal or vertical stripes
 * with noise, mid brightness. Transforms (darken, blur) make known shifts.
 */
public final class DriftFixture {
  public static final List<String> CLASSES = List.of("horizontal", "vertical");
  static final int SIZE = 20;

  private DriftFixture() {}

  /** A pixel transform applied after drawing. */
  public enum Look {
    NORMAL,
    DARK,
    BLURRED
  }

  /** Writes {@code perClass} images per class into {@code dir/<class>/}. */
  public static Path images(Path dir, int perClass, long seed, Look look) throws IOException {
    Random random = new Random(seed);
    for (int c = 0; c < CLASSES.size(); c++) {
      Path folder = Files.createDirectories(dir.resolve(CLASSES.get(c)));
      for (int i = 0; i < perClass; i++) {
        ImageIO.write(
            draw(c == 0, random, look), "png", folder.resolve("img-" + i + ".png").toFile());
      }
    }
    return dir;
  }

  /** Replaces every image in {@code dir} with {@code perClass} new ones per class. */
  public static Path replaceImages(Path dir, int perClass, long seed, Look look)
      throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    return images(dir, perClass, seed, look);
  }

  private static BufferedImage draw(boolean horizontal, Random random, Look look) {
    int period = 3 + random.nextInt(3);
    int base = 70 + random.nextInt(40);
    int amplitude = 60 + random.nextInt(30);
    int[][] v = new int[SIZE][SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int t = horizontal ? y : x;
        int stripe = (t / period) % 2 == 0 ? amplitude : 0;
        v[y][x] = clamp(base + stripe + (int) (random.nextGaussian() * 12));
      }
    }
    if (look == Look.BLURRED) {
      v = boxBlur(boxBlur(v));
    }
    IntUnaryOperator tone = look == Look.DARK ? p -> p * 2 / 5 : p -> p;
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        image.getRaster().setSample(x, y, 0, tone.applyAsInt(v[y][x]));
      }
    }
    return image;
  }

  private static int[][] boxBlur(int[][] v) {
    int[][] out = new int[SIZE][SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int sum = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            if (yy >= 0 && yy < SIZE && xx >= 0 && xx < SIZE) {
              sum += v[yy][xx];
              n++;
            }
          }
        }
        out[y][x] = sum / n;
      }
    }
    return out;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** Writes train, val and test splits and trains a small model into {@code root/model}. */
  public static Path trainedModel(Path root) throws Exception {
    Path data = root.resolve("data");
    images(data.resolve("train"), 60, 1, Look.NORMAL);
    images(data.resolve("val"), 40, 2, Look.NORMAL);
    images(data.resolve("test"), 30, 3, Look.NORMAL);
    train(root);
    return root.resolve("model");
  }

  /** Trains (or finds up to date) the model of {@code root/data} in {@code root/model}. */
  public static dev.mlops.core.train.TrainingResult train(Path root) throws Exception {
    Path data = root.resolve("data");
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, 1))
            .manifest();
    TrainingConfig config =
        TrainingConfig.builder()
            .optArchitecture("cnn-small")
            .optInputSize(16)
            .optEpochs(4)
            .optBatchSize(16)
            .optLearningRate(0.01)
            .optThreads(1)
            .optWorkers(1)
            .build();
    return new ModelTrainer(Progress.NONE, List.of(new BaselineWriter(Progress.NONE)))
        .train(
            new TrainingRequest(
                data, manifest, config, root.resolve("model"), root.resolve("work"), null, "test"));
  }
}
