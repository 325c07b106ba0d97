package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentStart;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.RegisterRequest;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * A project as a user's would be after two {@code mvn deploy}s: a Git repository whose registry
 * holds the example's digits as dataset version 1 and two cnn-small versions trained on it (v1 and
 * v2, both with their ONNX files), {@code production} on v1; experiments are started and stopped
 * through {@link ExperimentRegistry}, as {@code mlops:experiment-start} and {@code experiment-stop}
 * do. Made from scratch in {@code dir} each run; the store beside it.
 */
final class ExperimentProject {
  static final String MODEL = "digits";
  static final String DATASET = "digits";

  final Path project;
  final Path store;

  private ExperimentProject(Path project, Path store) {
    this.project = project;
    this.store = store;
  }

  /** Creates the project under {@code dir} with {@code v1} and {@code v2} registered. */
  static ExperimentProject create(
      Path dir, Path exampleData, ServingModels.Served v1, ServingModels.Served v2)
      throws Exception {
    deleteTree(dir);
    Path project = initProject(dir.resolve("project"));
    Path store = dir.resolve("store");
    ObjectStore objects = new ObjectStore(store);
    Manifest manifest = PomTraining.scan(exampleData, SplitPolicy.DEFAULT);
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, objects, Progress.NONE)
          .version(
              new VersionRequest(DATASET, manifest, exampleData, Optional.empty(), false, null));
      ModelRegistry models = new ModelRegistry(repo, objects, Progress.NONE);
      for (ServingModels.Served m : new ServingModels.Served[] {v1, v2}) {
        models.register(
            RegisterRequest.builder()
                .setModel(MODEL, m.modelDirectory())
                .setDataset(DATASET)
                .optArtifacts(artifacts(m))
                .build());
      }
      models.promote(MODEL, "production", "1", ChampionGate.recorded(1.0), true);
    }
    return new ExperimentProject(project, store);
  }

  /**
   * The ONNX files beside the model, as {@code export-onnx} leaves them (int8 when there is one).
   */
  private static Map<String, Path> artifacts(ServingModels.Served m) {
    Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put(OnnxExporter.FP32_FILE, m.onnx(false));
    if (Files.isRegularFile(m.onnx(true))) {
      files.put(OnnxExporter.INT8_FILE, m.onnx(true));
    }
    return files;
  }

  /** Starts experiment {@code name}: control {@code production} (v1), treatment v2. */
  Experiment start(String name, ExperimentMode mode, double traffic) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return registry(repo)
          .start(
              ExperimentStart.builder()
                  .setExperiment(MODEL, name)
                  .setVariants("production", "v2")
                  .optMode(mode)
                  .optTraffic(traffic)
                  .build());
    }
  }

  /** Stops experiment {@code name} without a verdict or promotion. */
  void stop(String name) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      registry(repo).stop(MODEL, name, null, null, null);
    }
  }

  private ExperimentRegistry registry(RegistryRepository repo) {
    return new ExperimentRegistry(
        repo, new ModelRegistry(repo, new ObjectStore(store), Progress.NONE), Progress.NONE);
  }

  private static Path initProject(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Benchmark");
      config.setString("user", null, "email", "benchmark@example.org");
      config.save();
      Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
      git.add().addFilepattern("pom.xml").call();
      git.commit().setMessage("initial").call();
    }
    return dir;
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
