package dev.mlops.core.export;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.CoreVersion;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.train.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Exports a trained model to ONNX and proves the file computes what the model computed: the
 * package's entry point. Writes {@value #FP32_FILE} only after ONNX Runtime reproduced DJL's
 * probabilities on real images within the tolerance, and {@value #INT8_FILE} only when int8
 * quantization cost at most the allowed accuracy. {@value #REPORT_FILE} records the measurements;
 * the caller decides whether a failed check fails the build.
 *
 * <p>Outputs of an earlier export are removed first, so a failed export never leaves a stale model
 * that a later step could mistake for this one. An export with the same model, data and settings as
 * the one recorded in {@value #REPORT_FILE} is reused.
 */
public final class OnnxExporter {
  /** File name of the fp32 model. */
  public static final String FP32_FILE = "model.onnx";

  /** File name of the int8 model. */
  public static final String INT8_FILE = "model-int8.onnx";

  /** File name of the measurements. */
  public static final String REPORT_FILE = "export.json";

  private final Progress progress;

  /** Creates an exporter reporting through {@code progress}. */
  public OnnxExporter(Progress progress) {
    this.progress = progress;
  }

  /**
   * Exports, checks and writes the model.
   *
   * @throws InvalidInputException for a missing model or an unusable dataset
   * @throws MlopsException when a file cannot be read or written
   */
  public ExportResult export(ExportConfig config) throws MlopsException {
    Path modelDir = config.modelDirectory();
    if (!ModelFiles.exists(modelDir)) {
      throw new InvalidInputException(
          "no trained model in " + modelDir + "; train a model first",
          modelDir.toString(),
          Remedy.run(Stage.TRAIN));
    }
    String fingerprint = fingerprint(modelDir);
    String key = configKey(config, fingerprint);
    ExportResult previous = reusable(config, key);
    if (previous != null) {
      progress.info("ONNX export is up to date (" + previous.fp32().path() + ")");
      return previous.reused();
    }
    Path out = config.outputDirectory();
    deleteOutputs(out);
    ExportResult result = exportFresh(config, fingerprint, key);
    write(out.resolve(REPORT_FILE), Json.pretty(result));
    return result;
  }

  private ExportResult exportFresh(ExportConfig config, String fingerprint, String key)
      throws MlopsException {
    long start = System.nanoTime();
    ExportChecks checks = new ExportChecks(config.batchSize(), config.workers());
    try (Predictor djl = ModelFiles.load(config.modelDirectory())) {
      ExportMetadata metadata =
          new ExportMetadata(
              djl.labels(),
              djl.preprocessing(),
              config.modelName(),
              config.modelVersion(),
              fingerprint);
      byte[] fp32 = OnnxTranslator.standard().export(djl.graph(), exported(djl, config), metadata);
      Split split = checkSplit(config);
      List<LabeledImage> images = images(config, split, djl.labels());
      List<LabeledImage> sample =
          config.paritySamples() == 0
              ? images
              : ExportChecks.spread(images, config.paritySamples());
      try (OnnxClassifier onnx = open(fp32)) {
        ExportResult.Parity parity =
            checks.parity(djl, onnx, sample, split.dirName(), config.tolerance());
        logParity(parity, fp32.length, start);
        Path fp32File = config.outputDirectory().resolve(FP32_FILE);
        if (!parity.passed()) {
          return new ExportResult(
              fingerprint, key, new ExportedFileInfo(null, fp32).file(), parity, null, false);
        }
        write(fp32File, fp32);
        ExportResult.Int8 int8 = null;
        if (config.quantize() == Quantization.INT8) {
          int8 =
              new Int8Export(checks, progress)
                  .run(config, djl, metadata, onnx, fp32, images, split);
        }
        return new ExportResult(
            fingerprint, key, new ExportedFileInfo(fp32File, fp32).file(), parity, int8, false);
      }
    }
  }

  /** The weights to export: the model's, perturbed only for a fire drill of the check. */
  private Map<String, float[]> exported(Predictor djl, ExportConfig config)
      throws InvalidInputException {
    Map<String, float[]> weights = djl.weights();
    String name = config.perturbWeight();
    if (name == null) {
      return weights;
    }
    float[] values = weights.get(name);
    if (values == null) {
      throw new InvalidInputException(
          "perturbWeight names '"
              + name
              + "', which is not a parameter of the model: use one of "
              + weights.keySet(),
          name);
    }
    progress.warn(
        "Perturbing " + name + "[0] by +1 in the exported file: the parity check must fail");
    values[0] += 1f;
    return weights;
  }

  private void logParity(ExportResult.Parity parity, long bytes, long start) {
    String line =
        String.format(
            Locale.ROOT,
            "Parity DJL vs ONNX Runtime on %d %s images: max |p_djl - p_onnx| %.2e (tolerance"
                + " %.2g), %d predictions differ; fp32 model %.1f MB, %.1f s",
            parity.samples(),
            parity.split(),
            parity.maxAbsDifference(),
            parity.tolerance(),
            parity.differingPredictions().size(),
            bytes / 1e6,
            (System.nanoTime() - start) / 1e9);
    if (parity.passed()) {
      progress.info(line);
    } else {
      progress.warn(line);
    }
  }

  static OnnxClassifier open(byte[] model) throws MlopsException {
    try {
      return OnnxClassifier.open(model, 0);
    } catch (IOException | ai.onnxruntime.OrtException e) {
      throw new MlopsException("ONNX Runtime cannot load the exported model: " + e, e);
    }
  }

  /** The split of the parity check and int8 accuracy: test, else val, else train. */
  private Split checkSplit(ExportConfig config) throws InvalidInputException {
    Map<String, Map<String, Integer>> counts = config.manifest().counts();
    for (Split split : List.of(Split.TEST, Split.VAL, Split.TRAIN)) {
      if (counts.containsKey(split.dirName())) {
        if (split != Split.TEST) {
          progress.warn(
              "The dataset has no test split; checking the export on the "
                  + split.dirName()
                  + " split");
        }
        return split;
      }
    }
    throw new InvalidInputException(
        "the dataset in " + config.dataDirectory() + " has no images to check the export with",
        config.dataDirectory().toString());
  }

  static List<LabeledImage> images(ExportConfig config, Split split, List<String> labels)
      throws InvalidInputException {
    List<ManifestEntry> entries =
        config.manifest().entries().stream().filter(e -> e.split() == split).toList();
    return LabeledImage.of(config.dataDirectory(), entries, labels);
  }

  private static String fingerprint(Path modelDir) throws MlopsException {
    try {
      Optional<String> recorded = Fingerprint.readFrom(modelDir);
      return recorded.isPresent()
          ? recorded.get()
          : Hashing.sha256(modelDir.resolve(ModelFiles.PARAMS));
    } catch (IOException e) {
      throw new MlopsException("cannot read the fingerprint in " + modelDir + ": " + e, e);
    }
  }

  /** Everything the exported files and measurements depend on. */
  private static String configKey(ExportConfig config, String fingerprint) throws MlopsException {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("coreVersion", CoreVersion.get());
    key.put("fingerprint", fingerprint);
    try {
      key.put("params", Hashing.sha256(config.modelDirectory().resolve(ModelFiles.PARAMS)));
    } catch (IOException e) {
      throw new MlopsException("cannot read the model's parameters: " + e.getMessage(), e);
    }
    key.put("manifest", config.manifest().id());
    key.put("quantize", config.quantize());
    key.put("tolerance", config.tolerance());
    key.put("paritySamples", config.paritySamples());
    key.put("maxQuantizationLoss", config.maxQuantizationLoss());
    key.put("maxDisagreement", config.maxDisagreement());
    key.put("int8Scheme", Int8Quantizer.DEFAULT_SCHEME.name());
    key.put("calibrationSamples", config.calibrationSamples());
    key.put("modelName", config.modelName());
    key.put("modelVersion", config.modelVersion());
    key.put("perturbWeight", String.valueOf(config.perturbWeight()));
    return Hashing.sha256(Json.canonical(key));
  }

  /** The recorded result when it passed with the same key and its files are intact. */
  private static ExportResult reusable(ExportConfig config, String key) {
    Path report = config.outputDirectory().resolve(REPORT_FILE);
    try {
      if (!Files.isRegularFile(report)) {
        return null;
      }
      ExportResult previous = Json.mapper().readValue(report.toFile(), ExportResult.class);
      boolean intact =
          key.equals(previous.configKey())
              && previous.passed()
              && intact(previous.fp32())
              && (previous.int8() == null || intact(previous.int8().file()));
      return intact ? previous : null;
    } catch (IOException e) {
      return null; // an unreadable report is redone, not trusted
    }
  }

  private static boolean intact(ExportResult.ExportedFile file) throws IOException {
    Path path = file.path() == null ? null : Path.of(file.path());
    return path != null
        && Files.isRegularFile(path)
        && Files.size(path) == file.bytes()
        && Hashing.sha256(path).equals(file.sha256());
  }

  private static void deleteOutputs(Path out) throws MlopsException {
    try {
      for (String name : List.of(REPORT_FILE, FP32_FILE, INT8_FILE)) {
        Files.deleteIfExists(out.resolve(name));
      }
    } catch (IOException e) {
      throw new MlopsException("cannot remove the previous export in " + out + ": " + e, e);
    }
  }

  static void write(Path file, byte[] bytes) throws MlopsException {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new MlopsException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A model's bytes and where they were written ({@code null}: not written). */
  record ExportedFileInfo(Path path, byte[] bytes) {
    ExportResult.ExportedFile file() {
      return new ExportResult.ExportedFile(
          path == null ? null : path.toAbsolutePath().toString(),
          Hashing.sha256(bytes),
          bytes.length);
    }
  }
}
