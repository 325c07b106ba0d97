package dev.mlops.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.drift.DriftFixture;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.train.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation of a real trained model, and when an earlier evaluation is reused. */
@Tag("pytorch")
class ModelEvaluatorTest {
  @TempDir static Path shared;
  private static Path trained;
  private static Path data;
  private static Manifest manifest;

  @TempDir Path tmp;
  private Path model;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void trainOnce() throws Exception {
    trained = DriftFixture.trainedModel(shared);
    data = shared.resolve("data");
    DriftFixture.replaceImages(data.resolve("test"), 10, 9, Look.NORMAL);
    manifest = scan(data);
  }

  @BeforeEach
  void copyModel() throws Exception {
    // Each test may break its copy of the model on purpose.
    model = Files.createDirectories(tmp.resolve("model"));
    try (Stream<Path> files = Files.list(trained)) {
      for (Path file : files.toList()) {
        Files.copy(file, model.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void evaluate_firstRun_recordsEveryInputOfTheMetrics() throws Exception {
    EvaluationReport report = evaluate(request());

    ModelInfo info = EvaluationReport.read(output()).model();
    assertThat(info.fingerprint()).isEqualTo(Fingerprint.readFrom(model).orElseThrow());
    assertThat(info.manifestId()).isEqualTo(manifest.id());
    assertThat(info.split()).isEqualTo(Split.TEST);
    assertThat(info.batchSize()).isEqualTo(EvaluationRequest.DEFAULT_BATCH_SIZE);
    assertThat(info.coreVersion()).isEqualTo(CoreVersion.get());
    assertThat(report.metrics().n()).isEqualTo(20);
    assertThat(log).anyMatch(line -> line.startsWith("Evaluated cnn-small on 20 test images"));
  }

  @Test
  void evaluate_sameInputsAgain_reusesTheMetricsWithoutLoadingTheModel() throws Exception {
    EvaluationReport first = evaluate(request());
    byte[] written = Files.readAllBytes(output());
    // A model that cannot be loaded proves the second call never loads it.
    Files.writeString(model.resolve(ModelFiles.PARAMS), "not parameters");
    log.clear();

    EvaluationReport second = evaluate(request());

    assertThat(second.metrics()).isEqualTo(first.metrics());
    assertThat(Files.readAllBytes(output())).isEqualTo(written);
    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("Evaluation is up to date: model ")
        .contains(", test split and batch size 64 are those of " + output())
        .endsWith("; not evaluated again");
  }

  @Test
  void evaluate_gateChangedOnReusedMetrics_failsAndAFailedGateKeepsFailing() throws Exception {
    evaluate(request());
    Files.writeString(model.resolve(ModelFiles.PARAMS), "not parameters");
    QualityGates impossible = new QualityGates(null, null, 1e-9, null, null);

    EvaluationReport failed = evaluate(request().optGates(impossible));
    EvaluationReport stillFailed = evaluate(request().optGates(impossible));
    EvaluationReport relaxed = evaluate(request());

    assertThat(failed.passed()).isFalse();
    assertThat(failed.failures())
        .singleElement()
        .extracting(GateResult::metric)
        .isEqualTo("logLoss");
    assertThat(stillFailed.passed()).isFalse();
    assertThat(stillFailed.gates()).isEqualTo(failed.gates());
    assertThat(relaxed.passed()).isTrue();
    assertThat(EvaluationReport.read(output()).gates()).isEmpty();
    assertThat(log).filteredOn(l -> l.contains("gates checked on its metrics")).hasSize(2);
  }

  @Test
  void evaluate_otherBatchSizeDataOrModel_evaluatesAgain() throws Exception {
    evaluate(request());
    log.clear();

    evaluate(request().optBatchSize(7));
    assertThat(log).anyMatch(line -> line.startsWith("Evaluated cnn-small"));
    assertThat(EvaluationReport.read(output()).model().batchSize()).isEqualTo(7);

    log.clear();
    Manifest fewer = scan(copyWithoutOneTestImage());
    evaluate(request().setData(tmp.resolve("data"), fewer).optBatchSize(7));
    assertThat(log).anyMatch(line -> line.startsWith("Evaluated cnn-small on 19 test images"));

    log.clear();
    Files.writeString(model.resolve(Fingerprint.FILE), "another-model\n");
    evaluate(request().setData(tmp.resolve("data"), fewer).optBatchSize(7));
    assertThat(log).anyMatch(line -> line.startsWith("Evaluated cnn-small"));
  }

  @Test
  void evaluate_reportPageDeleted_isWrittenAgainWithoutEvaluating() throws Exception {
    evaluate(request());
    Path page = tmp.resolve("report").resolve(HtmlReport.FILE_NAME);
    Files.delete(page);
    Files.writeString(model.resolve(ModelFiles.PARAMS), "not parameters");

    evaluate(request());

    assertThat(page).isNotEmptyFile();
    assertThat(Files.readString(page)).contains("learning").containsIgnoringCase("accuracy");
  }

  @Test
  void evaluate_baselineRefusesTheAlias_failsBeforeTheModelIsLoaded() throws Exception {
    // A model that cannot be loaded proves the alias is checked first.
    Files.writeString(model.resolve(ModelFiles.PARAMS), "not parameters");
    BaselineProvider unknown =
        alias -> {
          throw new InvalidInputException("no alias " + alias, alias);
        };

    assertThatThrownBy(
            () ->
                evaluate(
                    request()
                        .optGates(new QualityGates(null, null, null, "prodution", null))
                        .optBaseline(unknown)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("no alias prodution");
    assertThat(output()).doesNotExist();
  }

  @Test
  void builder_badBatchSize_namesTheSetting() {
    assertThatThrownBy(() -> request().optBatchSize(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid evaluation setting: batchSize is '0'; must be in [1,65536]");
  }

  private EvaluationRequest.Builder request() {
    return EvaluationRequest.builder()
        .setModelDirectory(model)
        .setData(data, manifest)
        .setOutputFile(output())
        .optReportDirectory(tmp.resolve("report"))
        .optWorkers(1);
  }

  private Path output() {
    return tmp.resolve("evaluation.json");
  }

  private EvaluationReport evaluate(EvaluationRequest.Builder request) throws MlopsException {
    return new ModelEvaluator(ProgressLog.to(log)).evaluate(request.build());
  }

  /** A copy of the data without one test image: another manifest. */
  private Path copyWithoutOneTestImage() throws Exception {
    Path copy = tmp.resolve("data");
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(data.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Files.delete(copy.resolve("test/vertical/img-0.png"));
    return copy;
  }

  private static Manifest scan(Path dir) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(dir, SplitPolicy.DEFAULT, null, 1))
        .manifest();
  }
}
