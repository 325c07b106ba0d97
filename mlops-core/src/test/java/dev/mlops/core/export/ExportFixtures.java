package dev.mlops.core.export;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Saved models with random weights and moved batch-norm statistics, random inputs, and small image
 * datasets whose classes are the models' labels.
 */
final class ExportFixtures {
  private ExportFixtures() {}

  static List<String> labels(int n) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("class-" + i);
    }
    return labels;
  }

  static ExportMetadata metadata(LayerGraph graph) {
    return new ExportMetadata(
        labels(graph.numClasses()),
        Preprocessing.imagenet(graph.inputSize(), graph.channels()),
        "test-model",
        "1.0",
        "f".repeat(64));
  }

  /** {@code n} images of standard normal noise, NCHW. */
  static float[] pixels(LayerGraph graph, int n, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * graph.channels() * graph.inputSize() * graph.inputSize()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return pixels;
  }

  /**
   * Saves {@code graph} with seeded initial weights to {@code dir}. Two training-mode passes move
   * the batch-norm running statistics away from (0, 1), so an export that ignores them differs.
   */
  static void save(Path dir, LayerGraph graph, long seed) throws Exception {
    save(dir, graph, seed, false);
  }

  /**
   * Like {@link #save(Path, LayerGraph, long)}; with {@code tiedHead} the model is made to fail an
   * int8 agreement gate with balanced errors, see {@link #tieHead}.
   */
  static void save(Path dir, LayerGraph graph, long seed, boolean tiedHead) throws Exception {
    try (Model model = DjlModels.newModel(graph)) {
      DjlModels.initialize(
          model.getBlock(), model.getNDManager(), graph.channels(), graph.inputSize(), seed);
      for (int pass = 0; pass < 2; pass++) {
        NDArray batch =
            model
                .getNDManager()
                .create(
                    pixels(graph, 4, seed + pass),
                    DjlModels.inputShape(graph.channels(), graph.inputSize(), 4))
                .mul(1.5f)
                .add(0.3f);
        model
            .getBlock()
            .forward(new ParameterStore(model.getNDManager(), false), new NDList(batch), true);
      }
      if (tiedHead) {
        tieHead(model, graph.numClasses());
      }
      ModelFiles.save(
          dir,
          graph,
          model.getBlock(),
          labels(graph.numClasses()),
          Preprocessing.imagenet(graph.inputSize(), graph.channels()));
    }
  }

  /**
   * Makes every row of the head (the 2-d parameter with one row per class) row 0 nudged upwards by
   * less than a quarter of an int8 step, and zeroes the biases. The quantized rows are then equal
   * (int8 logits tie, so the first class wins), while fp32 prefers a later class for every image by
   * a clear margin (the head's inputs are non-negative after ReLU): int8 and fp32 disagree on every
   * image, and their accuracies are equal. The element of largest magnitude is left alone, so the
   * quantizer's per-tensor scale ({@code max|w| / limit}) is the one computed here.
   */
  private static void tieHead(Model model, int classes) {
    NDArray head = null;
    NDArray bias = null;
    for (var p : model.getBlock().getParameters()) {
      NDArray array = p.getValue().getArray();
      if (array.getShape().dimension() == 2 && array.getShape().get(0) == classes) {
        head = array;
      } else if (array.getShape().dimension() == 1 && array.getShape().get(0) == classes) {
        bias = array;
      }
    }
    float[] w = head.toFloatArray();
    int in = w.length / classes;
    double max = 0;
    for (int k = 0; k < in; k++) {
      max = Math.max(max, Math.abs(w[k]));
    }
    double step = max / Int8Quantizer.DEFAULT_SCHEME.limit();
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < in; k++) {
        double r = w[k] / step;
        double room = Math.rint(r) + 0.5 - r; // how far up w may move and still round the same
        boolean largest = Math.abs(w[k]) == max;
        w[c * in + k] = largest || c == 0 ? w[k] : (float) (w[k] + Math.min(0.25, room / 2) * step);
      }
    }
    head.set(w);
    bias.set(new float[classes]);
  }

  /**
   * Writes {@code perClass} noisy 20 px PNGs per class of {@link #labels(int) labels(classes)} into
   * each split: {@code <split>/<label>/img-<n>.png}, each class a different brightness band.
   */
  static Path dataset(Path dir, List<String> splits, int classes, int perClass) throws IOException {
    Random random = new Random(13);
    for (String split : splits) {
      for (int c = 0; c < classes; c++) {
        Path folder = Files.createDirectories(dir.resolve(split).resolve("class-" + c));
        int base = c * 170 / Math.max(1, classes - 1);
        for (int i = 0; i < perClass; i++) {
          BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
              int r = Math.min(255, base + random.nextInt(86));
              int g = Math.min(255, base + random.nextInt(86));
              int b = Math.min(255, base + random.nextInt(86));
              image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
          }
          ImageIO.write(image, "png", folder.resolve("img-" + i + ".png").toFile());
        }
      }
    }
    return dir;
  }

  static Manifest scan(Path dataDir) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(dataDir, SplitPolicy.DEFAULT, null, 1))
        .manifest();
  }
}
