package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.Metrics;
import dev.mlops.core.eval.ModelInfo;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A project repository with a versioned dataset, an object store, and model directories. */
final class RegistryFixture implements AutoCloseable {
  static final String DATASET = "pets";
  static final List<String> LABELS = List.of("cat", "dog");

  final Path root;
  final Path project;
  final Path data;
  final ObjectStore store;
  final RegistryRepository registry;
  final DatasetVersions datasets;
  final ModelRegistry models;

  RegistryFixture(Path root) throws Exception {
    this.root = root;
    this.project = TestRepos.initProject(root.resolve("project"));
    this.data = root.resolve("data");
    this.store = new ObjectStore(root.resolve("store"));
    this.registry = RegistryRepository.open(project);
    this.datasets = new DatasetVersions(registry, store, Progress.NONE);
    this.models = new ModelRegistry(registry, store, Progress.NONE);
  }

  RegistryFixture writeData(String relative, String content) throws IOException {
    Path file = data.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  Manifest scan() throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
        .manifest();
  }

  /** Versions the current data directory; returns its manifest id. */
  String versionData() throws MlopsException {
    Manifest manifest = scan();
    datasets.version(new VersionRequest(DATASET, manifest, data, Optional.empty(), false));
    return manifest.id();
  }

  /** Writes a first data set and versions it; returns its manifest id. */
  String versionedData() throws Exception {
    writeData("train/cat/a.png", "cat-a").writeData("train/dog/b.png", "dog-b");
    writeData("test/cat/c.png", "cat-c").writeData("test/dog/d.png", "dog-d");
    return versionData();
  }

  /**
   * A model directory with placeholder model files (enough to register, not to load) whose
   * parameters differ per fingerprint.
   */
  Path fakeModel(String fingerprint, String manifestId) throws IOException {
    Path dir = root.resolve("models").resolve(fingerprint);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(ModelFiles.PARAMS), "params of " + fingerprint);
    Files.writeString(dir.resolve(ModelFiles.GRAPH), "{}");
    Files.write(dir.resolve(ModelFiles.LABELS), Json.pretty(LABELS));
    Files.writeString(dir.resolve(ModelFiles.PREPROCESSING), "{}");
    writeCard(dir, fingerprint, manifestId, Map.of("epochs", 3, "learningRate", 0.01), null);
    return dir;
  }

  /** Writes {@code card.json} and the {@code fingerprint} marker into {@code dir}. */
  static void writeCard(
      Path dir,
      String fingerprint,
      String manifestId,
      Map<String, Object> hyperparameters,
      String initFromSha256)
      throws IOException {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("architecture", "cnn-small");
    card.put("hyperparameters", hyperparameters);
    card.put("fingerprint", fingerprint);
    card.put("manifestId", manifestId);
    if (initFromSha256 != null) {
      card.put("initFromSha256", initFromSha256);
    }
    Files.write(dir.resolve("card.json"), Json.pretty(card));
    Files.writeString(dir.resolve("fingerprint"), fingerprint + "\n", StandardCharsets.UTF_8);
  }

  /** Metrics of 4 test images of which {@code correct} are predicted right. */
  static EvaluationMetrics metrics(int correct) throws InvalidInputException {
    int[] truth = {0, 1, 0, 1};
    float[][] p = new float[4][];
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int predicted = i < correct ? truth[i] : 1 - truth[i];
      p[i] = predicted == 0 ? new float[] {0.8f, 0.2f} : new float[] {0.2f, 0.8f};
      paths.add(LABELS.get(truth[i]) + "/" + i + ".png");
    }
    return Metrics.compute(LABELS, truth, p, paths);
  }

  static EvaluationReport report(String fingerprint, String manifestId, int correct)
      throws InvalidInputException {
    return new EvaluationReport(
        new ModelInfo("cnn-small", fingerprint, manifestId, Split.TEST),
        metrics(correct),
        List.of());
  }

  /** Registers a fake model with {@code correct}/4 test accuracy. */
  RegisterResult register(String model, String fingerprint, String manifestId, int correct)
      throws Exception {
    return models.register(
        new RegisterRequest(
            model,
            fakeModel(fingerprint, manifestId),
            report(fingerprint, manifestId, correct),
            DATASET));
  }

  @Override
  public void close() {
    registry.close();
  }
}
