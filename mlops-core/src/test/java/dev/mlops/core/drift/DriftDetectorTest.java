package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.train.TrainingResult;
import dev.mlops.core.train.TrainingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void trainingWritesABaseline_withFeaturesOfTrainAndOutputsOfVal() throws Exception {
    Baseline baseline = Baseline.read(model);
    assertThat(baseline.featuresSplit()).isEqualTo("train");
    assertThat(baseline.featuresImages()).isEqualTo(120);
    assertThat(baseline.outputsSplit()).isEqualTo("val");
    assertThat(baseline.outputsImages()).isEqualTo(80);
    assertThat(baseline.features().keySet()).hasSize(ImageFeature.count());
    assertThat(baseline.featureSample()).hasNumberOfRows(120);
    assertThat(baseline.embeddingSample()).hasNumberOfRows(80);
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
