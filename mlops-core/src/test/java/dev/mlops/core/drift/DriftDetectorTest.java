package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.train.TrainedModel;
import dev.mlops.core.train.TrainingResult;
import dev.mlops.core.train.TrainingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("pytorch")
class DriftDetectorTest {
  @TempDir static Path root;
  private static Path model;

  @BeforeAll
  static void train() throws Exception {
    model = DriftFixture.trainedModel(root);
  }

  private static DriftReport check(Path incoming, String name) throws Exception {
    return check(incoming, name, DriftConfig.defaults(1));
  }

  private static DriftReport check(Path incoming, String name, DriftConfig config)
      throws Exception {
    Path out = root.resolve("out-" + name);
    return new DriftDetector(Progress.NONE)
        .check(
            new DriftRequest(
                model,
                "test model",
                incoming,
                null,
                config,
                out.resolve("drift.json"),
                out.resolve("report")));
  }

  @Test
  void trainingWritesABaseline_withFeaturesOfTrainAndOutputsOfTest() throws Exception {
    Baseline baseline = Baseline.read(model);
    assertThat(baseline.featuresSplit()).isEqualTo("train");
    assertThat(baseline.featuresImages()).isEqualTo(120);
    assertThat(baseline.outputsSplit()).isEqualTo("test");
    assertThat(baseline.outputsImages()).isEqualTo(60);
    assertThat(baseline.outputsReason()).isEqualTo(BaselineWriter.TEST_REASON);
    assertThat(baseline.features().keySet()).hasSize(ImageFeature.count());
    assertThat(baseline.featureSample()).hasNumberOfRows(120);
    assertThat(baseline.embeddingSample()).hasNumberOfRows(60);
    assertThat(baseline.embeddingSample()[0]).hasSize(Projection.DEFAULT_DIMS);
    assertThat(baseline.predictedCounts()).hasSize(2);
    assertThat(baseline.accuracy()).isNotNull();
    assertThat(baseline.features().get("width").mean()).isEqualTo(DriftFixture.SIZE);
  }

  @Test
  void modelWithoutBaseline_getsOneOnTheNextTrainWithoutRetraining() throws Exception {
    byte[] params = Files.readAllBytes(model.resolve("params"));
    byte[] baseline = Files.readAllBytes(model.resolve(Baseline.FILE));
    Files.delete(model.resolve(Baseline.FILE));

    TrainingResult result = DriftFixture.train(root);

    assertThat(result.status()).isEqualTo(TrainingStatus.UP_TO_DATE);
    assertThat(Files.readAllBytes(model.resolve("params"))).isEqualTo(params);
    assertThat(Files.readAllBytes(model.resolve(Baseline.FILE))).isEqualTo(baseline);
  }

  @Test
  void noTestSplit_baselineOutputsFromValWithAWarningThatSaysWhy() throws Exception {
    List<String> warnings = new ArrayList<>();
    Path copy = rewriteBaseline("no-test", EnumSet.of(Split.TRAIN, Split.VAL), warnings);

    Baseline baseline = Baseline.read(copy);
    assertThat(baseline.outputsSplit()).isEqualTo("val");
    assertThat(baseline.outputsImages()).isEqualTo(80);
    assertThat(baseline.outputsReason()).isEqualTo(BaselineWriter.VAL_REASON);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("chose the best epoch")
        .contains("reported more often than the level says")
        .contains("add a test split");
  }

  @Test
  void noTestNorValImages_baselineOutputsFromTrainWithAWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    Path copy = rewriteBaseline("train-only", EnumSet.of(Split.TRAIN), warnings);

    Baseline baseline = Baseline.read(copy);
    assertThat(baseline.outputsSplit()).isEqualTo("train");
    assertThat(baseline.outputsImages()).isEqualTo(120);
    assertThat(baseline.outputsReason()).isEqualTo(BaselineWriter.TRAIN_REASON);
    assertThat(warnings).singleElement().asString().contains("fitted on them");
  }

  /**
   * Writes the baseline of a copy of the trained model as if its dataset had only {@code splits}
   * (the val images of the companion are those of the val split when it is kept, else none).
   */
  private static Path rewriteBaseline(String name, Set<Split> splits, List<String> warnings)
      throws Exception {
    Path copy = Files.createDirectories(root.resolve("model-" + name));
    try (Stream<Path> files = Files.list(model)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().equals(Baseline.FILE)).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path data = root.resolve("data");
    Manifest all =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, 1))
            .manifest();
    List<ManifestEntry> kept =
        all.entries().stream().filter(e -> splits.contains(e.split())).toList();
    List<String> labels = DriftFixture.CLASSES;
    TrainedModel trained =
        new TrainedModel(
            copy,
            "fp",
            data,
            new Manifest(all.layout(), all.splitPolicy(), kept),
            LabeledImage.of(data, of(kept, Split.TRAIN), labels),
            LabeledImage.of(data, of(kept, Split.VAL), labels),
            16,
            1);
    new BaselineWriter(ProgressLog.warningsTo(warnings)).write(trained);
    return copy;
  }

  private static List<ManifestEntry> of(List<ManifestEntry> entries, Split split) {
    return entries.stream().filter(e -> e.split() == split).toList();
  }

  @Test
  void sameDistribution_noDrift() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("same"), 40, 99, Look.NORMAL);
    DriftReport report = check(incoming, "same");
    assertThat(report.status()).as(report.reasons().toString()).isEqualTo(DriftReport.NO_DRIFT);
    assertThat(report.retrainRecommended()).isFalse();
    assertThat(report.incoming().labeled()).isTrue();
    assertThat(report.performance()).isNotNull();
    assertThat(report.thresholds().tests()).isEqualTo(ImageFeature.count() + 4);
    assertThat(report.summary()).startsWith("No drift in 14 tests on 80 labeled incoming images");
  }

  @Test
  void darkenedImages_driftNamesBrightness() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("dark"), 40, 98, Look.DARK);
    DriftReport report = check(incoming, "dark");
    assertThat(report.status()).isEqualTo(DriftReport.DRIFT);
    assertThat(report.retrainRecommended()).isTrue();
    assertThat(drifted(report, "brightness")).isTrue();
    assertThat(drifted(report, "width")).isFalse();
    assertThat(report.reasons()).anyMatch(r -> r.startsWith("image feature brightness moved"));
    JsonNode json = Json.mapper().readTree(root.resolve("out-dark/drift.json").toFile());
    assertThat(json.get("retrainRecommended").asBoolean()).isTrue();
    assertThat(json.get("status").asText()).isEqualTo("drift");
    String page = Files.readString(root.resolve("out-dark/report/drift.html"));
    assertThat(page).contains("brightness").contains("data:image/png;base64,");
  }

  @Test
  void blurredImages_driftNamesSharpness() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("blur"), 40, 97, Look.BLURRED);
    DriftReport report = check(incoming, "blur");
    assertThat(report.status()).isEqualTo(DriftReport.DRIFT);
    assertThat(drifted(report, "sharpness")).isTrue();
  }

  @Test
  void swappedClassFolders_accuracyDrift() throws Exception {
    Path incoming = root.resolve("swapped");
    DriftFixture.images(root.resolve("swap-src"), 40, 96, Look.NORMAL);
    Files.createDirectories(incoming);
    Files.move(root.resolve("swap-src/horizontal"), incoming.resolve("vertical"));
    Files.move(root.resolve("swap-src/vertical"), incoming.resolve("horizontal"));
    DriftReport report = check(incoming, "swapped");
    assertThat(report.performance().drifted()).isTrue();
    assertThat(report.performance().accuracy()).isLessThan(0.5);
    assertThat(report.reasons()).anyMatch(r -> r.startsWith("accuracy fell to"));
    assertThat(drifted(report, "brightness")).isFalse();
  }

  @Test
  void tooFewImages_notEnoughDataAndNoAlarm() throws Exception {
    Path incoming = DriftFixture.images(root.resolve("few"), 5, 95, Look.DARK);
    DriftReport report = check(incoming, "few");
    assertThat(report.status()).isEqualTo(DriftReport.NOT_ENOUGH_DATA);
    assertThat(report.retrainRecommended()).isFalse();
    assertThat(report.reasons())
        .containsExactly(
            "not enough data (10 < 50 readable incoming images): no verdict; collect more images or"
                + " lower minImages");
  }

  @Test
  void unlabeledImagesAndJunk_checkedWithoutAccuracyAndJunkListed() throws Exception {
    Path incoming = root.resolve("loose");
    DriftFixture.images(incoming.resolve("batch-1"), 30, 94, Look.NORMAL);
    Files.writeString(incoming.resolve("broken.png"), "not a png");
    DriftReport report = check(incoming, "loose");
    assertThat(report.incoming().labeled()).isFalse();
    assertThat(report.incoming().layout()).contains("batch-1");
    assertThat(report.incoming().images()).isEqualTo(60);
    assertThat(report.incoming().unreadable()).singleElement().asString().startsWith("broken.png");
    assertThat(report.performance()).isNull();
    assertThat(report.thresholds().tests()).isEqualTo(ImageFeature.count() + 3);
  }

  @Test
  void missingIncomingDirectory_namesItAndTheFix() {
    assertThatThrownBy(() -> check(root.resolve("nowhere"), "nowhere"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("set incoming")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("incoming"));
  }

  private static boolean drifted(DriftReport report, String feature) {
    return report.features().stream()
        .filter(f -> f.name().equals(feature))
        .map(FeatureDrift::drifted)
        .findFirst()
        .orElseThrow();
  }
}
