package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.store.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export step end to end: a saved cnn-small (random weights, 16 px, two classes) and PNGs on
 * disk, the real PyTorch engine against the real ONNX Runtime, files and export.json checked.
 */
@Tag("pytorch")
class OnnxExporterTest {
  private static final String PERTURBED = "block1.conv.weight";

  @TempDir static Path shared;
  private static Path data;
  private static Manifest manifest;
  private static Path model;

  @TempDir Path out;
  private final Recorder progress = new Recorder();

  @BeforeAll
  static void saveModelAndData() throws Exception {
    data = ExportFixtures.dataset(shared.resolve("data"), List.of("train", "test"), 2, 6);
    Files.move(data.resolve("test/class-0/img-5.png"), data.resolve("train/class-0/img-6.png"));
    Files.move(data.resolve("test/class-1/img-5.png"), data.resolve("train/class-1/img-6.png"));
    // 14 training images, 10 test images.
    manifest = ExportFixtures.scan(data);
    model = shared.resolve("model");
    ExportFixtures.save(model, Architectures.create(Architectures.CNN_SMALL, 2, 3, 16), 21);
  }

  private ExportConfig config(Quantization quantize, double tolerance, String perturb)
      throws InvalidInputException {
    return config(model, data, manifest, quantize, tolerance, 0, perturb);
  }

  private ExportConfig config(
      Path modelDir,
      Path dataDir,
      Manifest scanned,
      Quantization quantize,
      double tolerance,
      int paritySamples,
      String perturb)
      throws InvalidInputException {
    return builder(modelDir, dataDir, scanned)
        .optQuantize(quantize)
        .optTolerance(tolerance)
        .optParitySamples(paritySamples)
        .optPerturbWeight(perturb)
        .build();
  }

  /** Ten test images of a random model: the int8 gates are wide open unless a test closes them. */
  private ExportConfig.Builder builder(Path modelDir, Path dataDir, Manifest scanned) {
    return ExportConfig.builder()
        .setModelDirectory(modelDir)
        .setOutputDirectory(out)
        .setData(dataDir, scanned)
        .setModel("digits", "1.0")
        .optMaxQuantizationLoss(1.0)
        .optMaxDisagreement(1.0)
        .optCalibrationSamples(5)
        .optBatchSize(4)
        .optWorkers(1);
  }

  private ExportResult export(ExportConfig config) throws Exception {
    return new OnnxExporter(progress).export(config);
  }

  private ExportResult report() throws Exception {
    return Json.mapper().readValue(out.resolve("export.json").toFile(), ExportResult.class);
  }

  @Test
  void export_fp32_passesParityAndWritesModelAndReport() throws Exception {
    ExportResult result = export(config(Quantization.NONE, 1e-4, null));

    ExportResult.Parity parity = result.parity();
    assertThat(parity.split()).isEqualTo("test");
    assertThat(parity.samples()).isEqualTo(10);
    assertThat(parity.maxAbsDifference()).isBetween(0.0, 1e-4);
    assertThat(parity.differingPredictions()).isEmpty();
    assertThat(parity.passed()).isTrue();
    assertThat(result.passed()).isTrue();
    assertThat(result.upToDate()).isFalse();
    assertThat(result.int8()).isNull();
    Path onnx = out.resolve("model.onnx");
    assertThat(result.fp32().path()).isEqualTo(onnx.toAbsolutePath().toString());
    assertThat(Files.size(onnx)).isEqualTo(result.fp32().bytes()).isGreaterThan(100_000);
    assertThat(Hashing.sha256(onnx)).isEqualTo(result.fp32().sha256());
    assertThat(out.resolve("model-int8.onnx")).doesNotExist();
    assertThat(report()).isEqualTo(result);
    assertThat(progress.lines)
        .anyMatch(
            l ->
                l.matches(
                    "Parity DJL vs ONNX Runtime on 10 test images: max \\|p_djl - p_onnx\\|"
                        + " \\S+ \\(tolerance 0.00010\\), 0 predictions differ; fp32 model .*"));
    try (OnnxClassifier written = OnnxClassifier.open(onnx, 1)) {
      assertThat(written.labels()).containsExactly("class-0", "class-1");
      assertThat(written.metadata())
          .containsEntry("model_name", "digits")
          .containsEntry("model_version", "1.0")
          .containsEntry("fingerprint", result.fingerprint())
          .containsEntry("quantization", "none");
    }
  }

  @Test
  void export_paritySamples_checksOnlyThatMany() throws Exception {
    ExportResult result = export(config(model, data, manifest, Quantization.NONE, 1e-4, 3, null));

    assertThat(result.parity().samples()).isEqualTo(3);
    assertThat(result.parity().passed()).isTrue();
  }

  @Test
  void export_sameInputsAgain_isReusedWithoutRewriting() throws Exception {
    ExportResult first = export(config(Quantization.NONE, 1e-4, null));
    Path onnx = out.resolve("model.onnx");
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(onnx, old);

    ExportResult second = export(config(Quantization.NONE, 1e-4, null));

    assertThat(second.upToDate()).isTrue();
    assertThat(second.configKey()).isEqualTo(first.configKey());
    assertThat(second.fp32()).isEqualTo(first.fp32());
    assertThat(second.parity()).isEqualTo(first.parity());
    assertThat(Files.getLastModifiedTime(onnx)).isEqualTo(old);
    assertThat(progress.lines).contains("ONNX export is up to date (" + first.fp32().path() + ")");
  }

  @Test
  void export_changedSetting_exportsAgain() throws Exception {
    ExportResult first = export(config(Quantization.NONE, 1e-4, null));

    ExportResult second = export(config(Quantization.NONE, 2e-4, null));

    assertThat(second.upToDate()).isFalse();
    assertThat(second.configKey()).isNotEqualTo(first.configKey());
    assertThat(second.parity().tolerance()).isEqualTo(2e-4);
    assertThat(report().parity().tolerance()).isEqualTo(2e-4);
  }

  @Test
  void export_retrainedModel_exportsAgain() throws Exception {
    ExportResult first = export(config(Quantization.NONE, 1e-4, null));
    Path retrained = out.resolve("retrained");
    ExportFixtures.save(retrained, Architectures.create(Architectures.CNN_SMALL, 2, 3, 16), 22);

    ExportResult second =
        export(config(retrained, data, manifest, Quantization.NONE, 1e-4, 0, null));

    assertThat(second.upToDate()).isFalse();
    assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(second.fp32().sha256()).isNotEqualTo(first.fp32().sha256());
    assertThat(Hashing.sha256(out.resolve("model.onnx"))).isEqualTo(second.fp32().sha256());
  }

  @Test
  void export_modelFileChangedSinceLastExport_exportsAgain() throws Exception {
    ExportResult first = export(config(Quantization.NONE, 1e-4, null));
    Files.writeString(out.resolve("model.onnx"), "edited by hand");

    ExportResult second = export(config(Quantization.NONE, 1e-4, null));

    assertThat(second.upToDate()).isFalse();
    assertThat(second.fp32()).isEqualTo(first.fp32());
    assertThat(Hashing.sha256(out.resolve("model.onnx"))).isEqualTo(first.fp32().sha256());
  }

  @Test
  void export_perturbedWeight_failsParityRemovesStaleModelsAndRecordsIt() throws Exception {
    export(config(Quantization.INT8, 1e-4, null));
    assertThat(out.resolve("model.onnx")).isRegularFile();
    assertThat(out.resolve("model-int8.onnx")).isRegularFile();
    String params = Hashing.sha256(model.resolve(ModelFiles.PARAMS));

    ExportResult result = export(config(Quantization.INT8, 1e-4, PERTURBED));

    assertThat(result.passed()).isFalse();
    assertThat(result.parity().passed()).isFalse();
    assertThat(result.parity().maxAbsDifference()).isGreaterThan(1e-4);
    assertThat(result.fp32().path()).isNull();
    assertThat(result.int8()).isNull();
    assertThat(out.resolve("model.onnx")).doesNotExist();
    assertThat(out.resolve("model-int8.onnx")).doesNotExist();
    assertThat(report()).isEqualTo(result);
    assertThat(progress.lines)
        .contains(
            "WARN Perturbing "
                + PERTURBED
                + "[0] by +1 in the exported file: the parity"
                + " check must fail")
        .anyMatch(l -> l.startsWith("WARN Parity DJL vs ONNX Runtime on 10 test images"));
    assertThat(Hashing.sha256(model.resolve(ModelFiles.PARAMS))).isEqualTo(params);
    // A failed export is never reused: the same build fails again.
    assertThat(export(config(Quantization.INT8, 1e-4, PERTURBED)).upToDate()).isFalse();
  }

  @Test
  void export_unknownPerturbWeight_failsNamingItAndTheParameters() {
    assertThatThrownBy(() -> export(config(Quantization.NONE, 1e-4, "block9.conv.weight")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("perturbWeight names 'block9.conv.weight'")
        .hasMessageContaining(PERTURBED)
        .hasMessageContaining("fc.weight");
    assertThat(out.resolve("model.onnx")).doesNotExist();
  }

  @Test
  void export_int8_writesQuantizedModelAndAConsistentReport() throws Exception {
    ExportResult result = export(config(Quantization.INT8, 1e-4, null));

    ExportResult.Int8 int8 = result.int8();
    assertThat(int8).isNotNull();
    assertThat(int8.passed()).isTrue();
    assertThat(result.passed()).isTrue();
    Path file = out.resolve("model-int8.onnx");
    assertThat(int8.file().path()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(Files.size(file)).isEqualTo(int8.file().bytes());
    assertThat(Hashing.sha256(file)).isEqualTo(int8.file().sha256());
    assertThat(int8.sizeRatio())
        .isCloseTo((double) result.fp32().bytes() / int8.file().bytes(), within(1e-9))
        .isGreaterThan(2.5);
    assertThat(int8.calibrationImages()).isEqualTo(5);
    assertThat(int8.split()).isEqualTo("test");
    assertThat(int8.images()).isEqualTo(10);
    for (double fraction : new double[] {int8.fp32Accuracy(), int8.int8Accuracy()}) {
      assertThat(fraction).isBetween(0.0, 1.0);
      assertThat(fraction * 10).isCloseTo(Math.rint(fraction * 10), within(1e-9));
    }
    assertThat(int8.accuracyLoss())
        .isCloseTo(int8.fp32Accuracy() - int8.int8Accuracy(), within(1e-12));
    // Two classes: the models disagree at least where exactly one of them is right.
    assertThat(int8.agreement())
        .isBetween(0.0, 1.0)
        .isLessThanOrEqualTo(1 - Math.abs(int8.accuracyLoss()) + 1e-12)
        .isGreaterThanOrEqualTo(int8.fp32Accuracy() + int8.int8Accuracy() - 1 - 1e-12);
    assertThat(int8.disagreement()).isCloseTo(1 - int8.agreement(), within(1e-12));
    assertThat(int8.maxLoss()).isEqualTo(1.0);
    assertThat(int8.maxDisagreement()).isEqualTo(1.0);
    assertThat(int8.scheme()).isEqualTo(Int8Quantizer.DEFAULT_SCHEME.name());
    assertThat(report()).isEqualTo(result);
    try (OnnxClassifier quantized = OnnxClassifier.open(file, 1)) {
      assertThat(quantized.labels()).containsExactly("class-0", "class-1");
      assertThat(quantized.metadata())
          .containsEntry("quantization", "int8")
          .containsEntry(Int8Quantizer.SCHEME, "U8S8_REDUCED");
    }
  }

  @Test
  void export_int8DisagreementOverTheLimit_failsTheGateAndWritesNoInt8Model() throws Exception {
    // Balanced errors: the accuracy loss gate is wide open, only the agreement gate can fail.
    Path tied = out.resolve("tied");
    ExportFixtures.save(tied, Architectures.create(Architectures.CNN_SMALL, 2, 3, 16), 21, true);

    ExportResult result =
        export(
            builder(tied, data, manifest)
                .optQuantize(Quantization.INT8)
                .optMaxDisagreement(0.1)
                .build());

    ExportResult.Int8 int8 = result.int8();
    assertThat(int8.disagreement()).isEqualTo(1.0);
    assertThat(int8.accuracyLoss()).isZero();
    assertThat(int8.disagreementWithinLimit()).isFalse();
    assertThat(int8.lossWithinLimit()).isTrue();
    assertThat(int8.passed()).isFalse();
    assertThat(result.passed()).isFalse();
    assertThat(result.passedFiles()).containsOnlyKeys("model.onnx");
    assertThat(out.resolve("model-int8.onnx")).doesNotExist();
    assertThat(report().int8()).isEqualTo(int8);
    assertThat(progress.lines)
        .anyMatch(l -> l.startsWith("WARN int8 (U8S8_REDUCED):") && l.contains("max 0.1000)"));
  }

  @Test
  void export_noTestSplit_checksOnValAndSaysSo() throws Exception {
    Path valOnly = ExportFixtures.dataset(out.resolve("data"), List.of("train", "val"), 2, 2);

    ExportResult result =
        export(
            config(model, valOnly, ExportFixtures.scan(valOnly), Quantization.NONE, 1e-4, 0, null));

    assertThat(result.parity().split()).isEqualTo("val");
    assertThat(result.parity().samples()).isEqualTo(4);
    assertThat(progress.lines)
        .contains("WARN The dataset has no test split; checking the export on the val split");
  }

  @Test
  void export_dataWithClassesTheModelDoesNotKnow_failsNamingThem() throws Exception {
    Path three = ExportFixtures.dataset(out.resolve("data"), List.of("test"), 3, 1);

    assertThatThrownBy(
            () ->
                export(
                    config(
                        model,
                        three,
                        ExportFixtures.scan(three),
                        Quantization.NONE,
                        1e-4,
                        0,
                        null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[class-2]")
        .hasMessageContaining("train again after changing the classes")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void export_noTrainedModel_failsSayingToTrainFirst() {
    Path missing = out.resolve("target/mlops/model");

    assertThatThrownBy(
            () -> export(config(missing, data, manifest, Quantization.NONE, 1e-4, 0, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no trained model in " + missing + "; train a model first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void export_invalidTolerance_failsBeforeLookingForTheModel() {
    Path missing = out.resolve("target/mlops/model");

    assertThatThrownBy(() -> export(config(missing, data, manifest, Quantization.NONE, 0, 0, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid export setting: tolerance is '0.0';");
  }

  /** Keeps every line; warnings prefixed with {@code WARN}. */
  private static final class Recorder implements Progress {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
      lines.add(message);
    }

    @Override
    public void warn(String message) {
      lines.add("WARN " + message);
    }
  }
}
