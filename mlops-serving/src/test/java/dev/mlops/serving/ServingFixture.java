package dev.mlops.serving;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.EvaluationRequest;
import dev.mlops.core.eval.ModelEvaluator;
import dev.mlops.core.export.ExportConfig;
import dev.mlops.core.export.ExportResult;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.export.Quantization;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.RegisterRequest;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * A real project for the server tests, made once per test JVM: a Git repository with a versioned
 * dataset of tiny red, green and blue images, two cnn-small models trained on it (16 px, a few
 * epochs), each exported to ONNX (fp32 and int8), evaluated and registered as v1 and v2 of model
 * {@value #MODEL}, with {@code production} on v1. Tests that move aliases work on a {@link #copy}.
 */
final class ServingFixture {
  static final String MODEL = "colours";
  static final String DATASET = "colours";
  static final List<String> LABELS = List.of("blue", "green", "red");

  private static ServingFixture shared;

  final Path root;
  final Path project;
  final Path data;
  final Path store;
  final Path modelV1;
  final Path modelV2;
  final Manifest manifest;

  private ServingFixture(Path root) throws Exception {
    this.root = root;
    this.project = initProject(root.resolve("project"));
    this.data = writeImages(project.resolve("data"));
    this.store = root.resolve("store");
    this.manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
            .manifest();
    ObjectStore objects = new ObjectStore(store);
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, objects, Progress.NONE)
          .version(new VersionRequest(DATASET, manifest, data, Optional.empty(), false, null));
      modelV1 = trainExportRegister(repo, objects, "v1", 1L, 3);
      modelV2 = trainExportRegister(repo, objects, "v2", 2L, 4);
      new ModelRegistry(repo, objects, Progress.NONE)
          .promote(MODEL, "production", "1", ChampionGate.recorded(1.0), true);
    }
  }

  /** The fixture shared by every test in this JVM (built on first use, about 20 s on 2 cores). */
  static synchronized ServingFixture shared() throws Exception {
    if (shared == null) {
      Path root = Files.createTempDirectory("mlops-serving-fixture");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
      shared = new ServingFixture(root);
    }
    return shared;
  }

  /** A copy of the project (with its own registry) and store under {@code dir}, to move aliases. */
  Path copyProject(Path dir) throws IOException {
    copyTree(project, dir);
    return dir;
  }

  /** A server configuration for the shared project, port 0, no prediction log. */
  ServeConfig.Builder config() throws Exception {
    return ServeConfig.builder()
        .projectDirectory(project)
        .storeRoot(store)
        .cacheDirectory(root.resolve("cache"))
        .modelName(MODEL)
        .alias("production")
        .port(0);
  }

  /** The test-split images, as files. */
  List<Path> testImages() throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("test"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private Path trainExportRegister(
      RegistryRepository repo, ObjectStore objects, String name, long seed, int epochs)
      throws Exception {
    Path dir = root.resolve(name);
    TrainingConfig config =
        TrainingConfig.builder()
            .optArchitecture("cnn-small")
            .optInputSize(16)
            .optEpochs(epochs)
            .optBatchSize(8)
            .optLearningRate(0.01)
            .optSeed(seed)
            .optThreads(1)
            .optWorkers(1)
            .build();
    Path model = dir.resolve("model");
    new ModelTrainer(Progress.NONE)
        .train(
            new TrainingRequest(data, manifest, config, model, dir.resolve("work"), null, "test"));
    ExportResult export =
        new OnnxExporter(Progress.NONE)
            .export(
                ExportConfig.builder()
                    .setModelDirectory(model)
                    .setOutputDirectory(dir.resolve("onnx"))
                    .setData(data, manifest)
                    .setModel(MODEL, name)
                    .optQuantize(Quantization.INT8)
                    // A 12-image test split: one changed prediction is 8 %; the tests only need
                    // the int8 file, its agreement is measured by the benchmarks.
                    .optMaxQuantizationLoss(1.0)
                    .optMaxDisagreement(1.0)
                    .optCalibrationSamples(12)
                    .build());
    EvaluationReport report =
        new ModelEvaluator(Progress.NONE)
            .evaluate(
                EvaluationRequest.builder()
                    .setModelDirectory(model)
                    .setData(data, manifest)
                    .setOutputFile(dir.resolve("evaluation.json"))
                    .build());
    new ModelRegistry(repo, objects, Progress.NONE)
        .register(
            RegisterRequest.builder()
                .setModel(MODEL, model)
                .setDataset(DATASET)
                .optEvaluation(report)
                .optArtifacts(export.passedFiles())
                .build());
    return model;
  }

  private static Path initProject(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Serving Tester");
      config.setString("user", null, "email", "serving@example.org");
      config.save();
      Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
      git.add().addFilepattern("pom.xml").call();
      git.commit().setMessage("initial").call();
    }
    return dir;
  }

  /** 12 train, 4 val and 4 test images per colour, 20x20 px with noise (fixed seed). */
  private static Path writeImages(Path dir) throws IOException {
    Random random = new Random(11);
    int[][] splits = {{12}, {4}, {4}};
    String[] names = {"train", "val", "test"};
    for (int s = 0; s < names.length; s++) {
      for (int c = 0; c < LABELS.size(); c++) {
        Path classDir = Files.createDirectories(dir.resolve(names[s]).resolve(LABELS.get(c)));
        for (int i = 0; i < splits[s][0]; i++) {
          Files.write(classDir.resolve(LABELS.get(c) + "-" + i + ".png"), png(c, random));
        }
      }
    }
    return dir;
  }

  /** A PNG mostly of colour {@code c} (0 blue, 1 green, 2 red) with noise. */
  static byte[] png(int c, Random random) {
    BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        int[] rgb = new int[3];
        for (int k = 0; k < 3; k++) {
          rgb[k] = random.nextInt(70);
        }
        rgb[2 - c] = 160 + random.nextInt(96);
        image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void copyTree(Path from, Path to) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = new ArrayList<>(walk.toList());
    }
    for (Path p : paths) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target);
      }
    }
  }

  static void deleteQuietly(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory.
    }
  }
}
