package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.registry.DriftRecord;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.train.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds what to serve and loads it: from the registry (the alias's version, or the two versions of
 * the model's running experiment, restored from the store with every hash verified) or from a
 * trained model directory. Picks ONNX Runtime on the version's {@code model.onnx} (or {@code
 * model-int8.onnx} for the int8 runtime), and DJL only when a version has no ONNX file. A loaded
 * model is warmed up before it is returned, so the first request after a swap pays no first-run
 * cost.
 */
final class ModelLoader {
  private final ServeConfig config;
  private final Progress progress;
  private final AtomicInteger open;

  /**
   * @param open counts loaded versions that are not closed yet
   */
  ModelLoader(ServeConfig config, Progress progress, AtomicInteger open) {
    this.config = config;
    this.progress = progress;
    this.open = open;
  }

  /**
   * What the registry asks to serve: the alias's version and the model's running experiment (or
   * null).
   *
   * @param aliasVersion the version the alias points at
   * @param experiment the running experiment of the served model, or null
   */
  record Target(int aliasVersion, Experiment experiment) {}

  /**
   * What to serve now, fetching from {@code origin} first when the project's repository has that
   * remote; empty when the server serves a model directory (which never has experiments).
   */
  Optional<Target> target(boolean fetch) throws MlopsException {
    if (config.alias() == null) {
      return Optional.empty();
    }
    try (RegistryRepository repo = RegistryRepository.open(config.projectDirectory())) {
      if (fetch && repo.hasRemote("origin")) {
        repo.fetch("origin");
      }
      ModelRegistry registry = new ModelRegistry(repo, store(), Progress.NONE);
      int version = registry.card(config.modelName(), config.alias()).version();
      Experiment running =
          repo.query(s -> ExperimentRegistry.running(s, config.modelName())).orElse(null);
      return Optional.of(new Target(version, running));
    }
  }

  /** The drift score of the latest verdict recorded for {@code version}, or null. */
  Double driftScore(int version) throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(config.projectDirectory())) {
      return new ModelRegistry(repo, store(), Progress.NONE)
          .drift(config.modelName(), "v" + version)
          .map(ModelLoader::score)
          .orElse(null);
    }
  }

  /** Loads and warms up the model directory of a server without an alias. */
  ServedModel loadDirectory() throws MlopsException {
    return loadDirectory(config.modelDirectory());
  }

  /**
   * Loads and warms up a registered version, restored from the store with every hash verified.
   *
   * @param label the alias it is served under (reported in answers and {@code /models}), or null
   */
  ServedModel load(int version, String label) throws MlopsException {
    ModelVersionCard card;
    Path dir;
    Double drift;
    try (RegistryRepository repo = RegistryRepository.open(config.projectDirectory())) {
      ModelRegistry registry = new ModelRegistry(repo, store(), progress);
      card = registry.card(config.modelName(), "v" + version);
      dir = registry.restore(card, config.cacheDirectory());
      drift = registry.drift(card.name(), card.versionName()).map(ModelLoader::score).orElse(null);
    }
    Classifier classifier = open(dir, card.fingerprint(), card.versionName());
    try {
      EvaluationMetrics metrics = card.metrics();
      ServedModel.ModelInfo info =
          new ServedModel.ModelInfo(
              card.name(),
              card.version(),
              label,
              card.fingerprint(),
              card.dataset().name() + "@v" + card.dataset().version(),
              metrics == null ? null : metrics.accuracy(),
              headline(metrics),
              classifier.runtime(),
              Instant.now(),
              dir.toString(),
              drift);
      return warm(new ServedModel(classifier, info, open));
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  private ServedModel loadDirectory(Path dir) throws MlopsException {
    if (!Files.isDirectory(dir)) {
      throw new MlopsException(
          "there is no trained model in "
              + dir
              + ": train one first, or serve a registered version with an alias",
          Remedy.run(Stage.TRAIN));
    }
    String fingerprint;
    try {
      fingerprint = Fingerprint.readFrom(dir).orElse("");
    } catch (IOException e) {
      throw new MlopsException("cannot read the fingerprint in " + dir + ": " + e.getMessage(), e);
    }
    Classifier classifier = open(dir, fingerprint, dir.toString());
    try {
      ServedModel.ModelInfo info =
          new ServedModel.ModelInfo(
              config.modelName(),
              0,
              null,
              fingerprint,
              null,
              null,
              Map.of(),
              classifier.runtime(),
              Instant.now(),
              dir.toString(),
              null);
      return warm(new ServedModel(classifier, info, open));
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /**
   * Opens the ONNX file the runtime asks for: in the model directory (a restored version), or, for
   * a local model directory, the export beside it ({@code target/mlops}) when it is of this very
   * model; the trained weights in DJL otherwise (fp32 only).
   */
  private Classifier open(Path dir, String fingerprint, String what) throws MlopsException {
    boolean int8 = config.runtime() == ServeConfig.Runtime.INT8;
    String name = int8 ? OnnxExporter.INT8_FILE : OnnxExporter.FP32_FILE;
    for (Path candidate : new Path[] {dir.resolve(name), siblingExport(dir, name)}) {
      if (candidate == null || !Files.isRegularFile(candidate)) {
        continue;
      }
      // No spinning: idle ONNX Runtime threads would take the cores the decoders need.
      OnnxClassifier onnx = OnnxClassifier.open(candidate, config.inferenceThreads(), false);
      String exported = onnx.metadata().getOrDefault("fingerprint", "");
      if (!fingerprint.isEmpty() && !exported.equals(fingerprint)) {
        onnx.close();
        progress.warn(
            candidate
                + " is an export of another model (fingerprint "
                + exported
                + ", serving "
                + fingerprint
                + "); ignoring it. Run export-onnx again to serve this model with ONNX Runtime");
        continue;
      }
      return Classifier.onnx(
          onnx,
          int8 ? "onnxruntime-int8" : "onnxruntime-fp32",
          candidate,
          config.inferenceThreads());
    }
    if (int8) {
      throw new MlopsException(
          what
              + " has no "
              + name
              + ": export it with -Dmlops.export-onnx.quantize=int8 (and register it), or serve"
              + " with runtime fp32 (-Dmlops.serve.runtime=fp32, --runtime fp32)");
    }
    progress.warn(
        what
            + " has no "
            + name
            + "; serving its trained weights with DJL (PyTorch). Export and register the ONNX file"
            + " for the faster ONNX Runtime");
    try {
      return Classifier.djl(ModelFiles.load(dir));
    } catch (RuntimeException | LinkageError e) {
      throw new MlopsException(
          "cannot serve "
              + what
              + " with DJL ("
              + e.getMessage()
              + "). The runnable jar carries ONNX Runtime only: export the model to ONNX"
              + " (mvn mlops:export-onnx) and register it, or serve it with mvn mlops:serve",
          e);
    }
  }

  /** {@code target/mlops/<file>} beside {@code target/mlops/model}; null for a restored version. */
  private Path siblingExport(Path dir, String name) {
    if (config.alias() != null || dir.toAbsolutePath().getParent() == null) {
      return null;
    }
    return dir.toAbsolutePath().getParent().resolve(name);
  }

  /** Runs a batch of one and a full batch of blank images, so the first request is not slower. */
  private ServedModel warm(ServedModel model) {
    int size = model.classifier().preprocessing().tensorSize();
    for (int n : new int[] {1, config.maxBatchSize()}) {
      float[][] rows = model.classifier().probabilities(new float[size * n], n);
      if (rows.length != n || rows[0].length != model.labels().size()) {
        throw new IllegalStateException(
            "warm-up of "
                + model.info().name()
                + " "
                + model.info().versionName()
                + " returned "
                + rows.length
                + " rows of "
                + rows[0].length
                + " values for "
                + n
                + " images of "
                + model.labels().size()
                + " classes");
      }
    }
    return model;
  }

  private ObjectStore store() {
    return new ObjectStore(config.storeRoot());
  }

  private static Double score(DriftRecord record) {
    return switch (record.status()) {
      case DriftRecord.DRIFT -> 1.0;
      case DriftRecord.NO_DRIFT -> 0.0;
      default -> null;
    };
  }

  private static Map<String, Object> headline(EvaluationMetrics metrics) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (metrics != null) {
      values.put("n", metrics.n());
      values.put("accuracy", metrics.accuracy());
      values.put("macroF1", metrics.macroF1());
      values.put("logLoss", metrics.logLoss());
      values.put("expectedCalibrationError", metrics.expectedCalibrationError());
    }
    return values;
  }
}
