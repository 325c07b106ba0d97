package dev.mlops.core.train;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny image datasets (bright vs dark) and a recording progress sink for trainer tests. */
final class TrainingFixture {
  static final int SIZE = 16;

  private TrainingFixture() {}

  /**
   * Writes {@code perClass} images of each class into every split: "bright" images have pixel
   * values in [170,255], "dark" ones in [0,85], noise from a fixed seed.
   */
  static Path brightAndDark(Path dir, int trainPerClass, int valPerClass) throws IOException {
    Random random = new Random(7);
    for (String label : List.of("bright", "dark")) {
      writeImages(dir.resolve("train").resolve(label), label, trainPerClass, random);
      if (valPerClass > 0) {
        writeImages(dir.resolve("val").resolve(label), label, valPerClass, random);
      }
    }
    return dir;
  }

  private static void writeImages(Path dir, String label, int n, Random random) throws IOException {
    Files.createDirectories(dir);
    int base = label.equals("bright") ? 170 : 0;
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(SIZE + 4, SIZE + 4, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int r = base + random.nextInt(86);
          int g = base + random.nextInt(86);
          int b = base + random.nextInt(86);
          image.setRGB(x, y, (r << 16) | (g << 8) | b);
        }
      }
      ImageIO.write(image, "png", dir.resolve(label + "-" + i + ".png").toFile());
    }
  }

  static Manifest scan(Path dataDir) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(dataDir, SplitPolicy.DEFAULT, null))
        .manifest();
  }

  /** Small, fast settings: cnn-small at 16 px, 3 epochs, batch 8, one thread. */
  static TrainingConfig.Builder config() {
    return TrainingConfig.builder()
        .optArchitecture("cnn-small")
        .optInputSize(SIZE)
        .optEpochs(3)
        .optBatchSize(8)
        .optLearningRate(0.01)
        .optThreads(1)
        .optWorkers(1);
  }

  static TrainingRequest request(
      Path dataDir, Manifest manifest, TrainingConfig config, Path root, ObjectStore cache) {
    return new TrainingRequest(
        dataDir, manifest, config, root.resolve("model"), root.resolve("work"), cache, "test");
  }

  static TrainingConfig build(TrainingConfig.Builder builder) {
    try {
      return builder.build();
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records every line; can throw when a line starts with a given prefix (a simulated crash). */
  static final class Recorder implements Progress {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final String crashOn;

    Recorder() {
      this(null);
    }

    Recorder(String crashOn) {
      this.crashOn = crashOn;
    }

    @Override
    public void info(String message) {
      lines.add(message);
      if (crashOn != null && message.startsWith(crashOn)) {
        throw new SimulatedCrash(message);
      }
    }

    @Override
    public void warn(String message) {
      lines.add("WARN " + message);
    }

    String text() {
      return String.join("\n", lines);
    }
  }

  /** Thrown by {@link Recorder} to stop a run as a kill would. */
  static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String message) {
      super(message);
    }
  }
}
