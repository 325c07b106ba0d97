package dev.mlops.benchmarks;

import ai.djl.Model;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.ExportConfig;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.ExportResult;
import dev.mlops.core.export.Int8Quantizer;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.export.Quantization;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The two served models and the images sent to them. Each model directory holds {@code model/} (the
 * trained model, as {@code train} writes it) with {@code model.onnx} and {@code model-int8.onnx}
 * beside it, as {@code export-onnx} leaves them in {@code target/mlops}: the layout the server
 * finds without a registry.
 */
final class ServingModels {
  /** One served model: its directory, its request images (PNG bytes) and how they were made. */
  record Served(
      String name,
      String architecture,
      int size,
      Path directory,
      // Not in results.json: the images are regenerated, and would be megabytes of base64.
      @JsonIgnore List<byte[]> images,
      String weights,
      String imagesNote) {
    Path modelDirectory() {
      return directory.resolve("model");
    }

    Path onnx(boolean int8) {
      return directory.resolve(int8 ? OnnxExporter.INT8_FILE : OnnxExporter.FP32_FILE);
    }
  }

  private static final int CLASSES = 10;
  private static final int PHOTOS = 64;
  private static final int PHOTO_WIDTH = 320;
  private static final int PHOTO_HEIGHT = 240;

  private ServingModels() {}

  /**
   * cnn-small at 32 px trained on the example project's digits with its pom's settings (input size
   * 32 instead of its 16), exported by {@link OnnxExporter} with int8 as {@code mvn package} does;
   * trained once, then reused from {@code dir}. Requests are the test split's PNGs.
   */
  static Served cnnSmall(Path dir, Path exampleData) throws Exception {
    return cnnSmall(dir, exampleData, Map.of());
  }

  /**
   * As {@link #cnnSmall(Path, Path)} with other training settings on top of the pom's (for example
   * another {@code seed}): a second version of the same model.
   */
  static Served cnnSmall(Path dir, Path exampleData, Map<String, String> overrides)
      throws Exception {
    Path pom = exampleData.toAbsolutePath().getParent().resolve("pom.xml");
    Map<String, String> settings = new java.util.HashMap<>(overrides);
    settings.putIfAbsent("inputSize", "32");
    TrainingConfig config =
        PomTraining.config(
            PomTraining.settings(pom, settings), Runtime.getRuntime().availableProcessors());
    Manifest manifest = PomTraining.scan(exampleData, SplitPolicy.DEFAULT);
    if (!ModelFiles.exists(dir.resolve("model"))) {
      System.out.println("== training cnn-small at 32 px on the example's digits");
      PomTraining.train(exampleData, manifest, config, dir, printing());
    }
    ExportResult export =
        new OnnxExporter(printing())
            .export(
                ExportConfig.builder()
                    .setModelDirectory(dir.resolve("model"))
                    .setOutputDirectory(dir)
                    .setData(exampleData, manifest)
                    .setModel("digits", "bench")
                    // Another architecture (a briefly trained one) would fail int8's agreement
                    // check; the experiments benchmark serves fp32 only.
                    .optQuantize(
                        overrides.containsKey("architecture")
                            ? Quantization.NONE
                            : Quantization.INT8)
                    .build());
    if (!export.passed()) {
      throw new IllegalStateException("the export of cnn-small failed its checks: " + export);
    }
    List<byte[]> images = new ArrayList<>();
    try (Stream<Path> files = Files.walk(exampleData.resolve("test"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
        images.add(Files.readAllBytes(f));
      }
    }
    return new Served(
        "cnn-small",
        "cnn-small",
        config.inputSize(),
        dir,
        images,
        String.format(
            "trained on the example project's digits (%d epochs, its pom's settings at 32 px),"
                + " exported by `OnnxExporter` with int8 (parity and int8 accuracy checked)",
            config.epochs()),
        images.size() + " test-split digits of the example project, 32x32 gray PNG");
  }

  /**
   * resnet18 at 224 px with seeded random weights (speed only, as the inference benchmark),
   * exported by {@link OnnxTranslator} and {@link Int8Quantizer} (default scheme, calibrated on 16
   * random images); requests are photo-like 320x240 RGB PNGs, so every request is decoded and
   * resized.
   */
  static Served resnet18(Path dir) throws Exception {
    LayerGraph graph = Architectures.create("resnet18", CLASSES, 3, 224);
    Preprocessing preprocessing = Preprocessing.imagenet(224, 3);
    List<String> labels = IntStream.range(0, CLASSES).mapToObj(i -> "class-" + i).toList();
    Path modelDir = dir.resolve("model");
    if (!ModelFiles.exists(modelDir)) {
      try (Model model = DjlModels.newModel(graph)) {
        DjlModels.initialize(model.getBlock(), model.getNDManager(), 3, 224, 42);
        ModelFiles.save(modelDir, graph, model.getBlock(), labels, preprocessing);
      }
    }
    if (!Files.isRegularFile(dir.resolve(OnnxExporter.INT8_FILE))) {
      try (Predictor djl = ModelFiles.load(modelDir)) {
        ExportMetadata metadata =
            new ExportMetadata(labels, preprocessing, "resnet18", "bench", "");
        Files.write(
            dir.resolve(OnnxExporter.FP32_FILE),
            OnnxTranslator.standard().export(graph, djl.weights(), metadata));
        Random random = new Random(7);
        float[] calibration = new float[16 * preprocessing.tensorSize()];
        for (int i = 0; i < calibration.length; i++) {
          calibration[i] = (float) random.nextGaussian();
        }
        Files.write(
            dir.resolve(OnnxExporter.INT8_FILE),
            Int8Quantizer.quantize(graph, djl.weights(), metadata, calibration, 16));
      }
    }
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < PHOTOS; i++) {
      images.add(png(JpegCorpus.image(i, PHOTO_WIDTH, PHOTO_HEIGHT)));
    }
    long bytes = images.stream().mapToLong(b -> b.length).sum();
    return new Served(
        "resnet18",
        "resnet18",
        224,
        dir,
        images,
        "seeded random weights (speed only; as the inference benchmark), exported by"
            + " `OnnxTranslator` and `Int8Quantizer` (default scheme, 16 random calibration"
            + " images)",
        String.format(
            "%d generated photo-like %dx%d RGB PNGs (%.0f kB on average), resized to 224",
            PHOTOS, PHOTO_WIDTH, PHOTO_HEIGHT, bytes / 1e3 / PHOTOS));
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static Progress printing() {
    return new Progress() {
      @Override
      public void info(String message) {
        System.out.println(message);
      }

      @Override
      public void warn(String message) {
        System.out.println("WARNING " + message);
      }
    };
  }
}
