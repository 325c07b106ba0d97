package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.drift.DriftFixture;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.ModelInfo;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.train.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift-check use case on a real trained model, a real registry and real images. */
@Tag("pytorch")
class DriftCheckTest {
  private static final String MODEL = "stripes";

  @TempDir static Path shared;
  private static Path modelDir;
  private static Path incoming;
  private static Path dark;
  private static Path few;
  // Shared: content-addressed, so a test only pays for storing the images once.
  private static ObjectStore store;

  @TempDir Path tmp;
  private Path project;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void trainOnce() throws Exception {
    modelDir = DriftFixture.trainedModel(shared);
    incoming = DriftFixture.images(shared.resolve("incoming"), 30, 3, Look.NORMAL);
    dark = DriftFixture.images(shared.resolve("dark"), 30, 4, Look.DARK);
    few = DriftFixture.images(shared.resolve("few"), 3, 5, Look.NORMAL);
    store = new ObjectStore(shared.resolve("store"));
  }

  @BeforeEach
  void setUp() throws Exception {
    project = TestRepos.initProject(tmp.resolve("project"));
  }

  @Test
  void check_localModelThatIsRegistered_recordsTheVerdictForItsVersion() throws Exception {
    register(null);

    DriftCheckResult result = check(local(incoming));

    assertThat(result.recorded()).contains(1);
    DriftRecord record = recordedVerdict().orElseThrow();
    assertThat(record.status()).isEqualTo(result.report().status());
    assertThat(record.images()).isEqualTo(60);
    assertThat(record.reportSha256()).isEqualTo(Hashing.sha256(output()));
    assertThat(log)
        .contains(
            "Recorded the verdict ("
                + result.report().status()
                + ") for stripes v1 in the registry");
  }

  @Test
  void check_againstAlias_restoresTheVersionAndComparesWithItsRecordedEvaluation()
      throws Exception {
    register(evaluation(fingerprint()));
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new ModelRegistry(repo, store, Progress.NONE)
          .promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
    }

    DriftReport report = check(registered("production", incoming)).report();

    assertThat(report.model().label()).isEqualTo("stripes v1 (production)");
    assertThat(report.model().fingerprint()).isEqualTo(fingerprint());
    assertThat(report.performance().referenceSource()).isEqualTo("the evaluation recorded for v1");
    assertThat(tmp.resolve("cache/stripes/v1/params")).isNotEmptyFile();
    assertThat(recordedVerdict()).isPresent();
  }

  @Test
  void check_tooFewImages_isNotRecordedAndTheLastVerdictStands() throws Exception {
    register(null);
    DriftReport drifted = check(local(dark)).report();
    assertThat(drifted.status()).isEqualTo(DriftReport.DRIFT);

    DriftCheckResult result = check(local(few));

    assertThat(result.report().status()).isEqualTo(DriftReport.NOT_ENOUGH_DATA);
    assertThat(result.recorded()).isEmpty();
    assertThat(recordedVerdict().orElseThrow().status()).isEqualTo(DriftRecord.DRIFT);
    assertThat(log)
        .contains(
            "Not recording the check in the registry: it has no verdict, so the last recorded one"
                + " stands");
  }

  @Test
  void check_recordOff_recordsNothing() throws Exception {
    register(null);

    DriftCheckResult result = check(local(incoming).optRecord(false));

    assertThat(result.recorded()).isEmpty();
    assertThat(recordedVerdict()).isEmpty();
  }

  @Test
  void check_localModelInProjectWithoutGit_checksAndRecordsNothing() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    DriftCheckResult result =
        check(local(incoming).optRegistry(MODEL, plain).optEvaluationFile(null));

    assertThat(result.report().incoming().images()).isEqualTo(60);
    assertThat(result.recorded()).isEmpty();
  }

  @Test
  void check_localEvaluation_isTheReferenceOnlyWhenItEvaluatedThisModel() throws Exception {
    Path evaluationFile = tmp.resolve("evaluation.json");
    evaluation("another-model").write(evaluationFile);
    DriftReport other = check(local(incoming).optEvaluationFile(evaluationFile)).report();

    evaluation(fingerprint()).write(evaluationFile);
    DriftReport same = check(local(incoming).optEvaluationFile(evaluationFile)).report();

    assertThat(other.performance().referenceSource()).doesNotContain("evaluation.json");
    assertThat(same.performance().referenceSource()).isEqualTo("evaluation.json (test split)");
    assertThat(same.performance().referenceAccuracy()).isEqualTo(0.75);
  }

  @Test
  void check_noLocalModel_throwsSayingWhatToRun() {
    assertThatThrownBy(() -> check(local(incoming).optModelDirectory(tmp.resolve("none"))))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("no trained model in " + tmp.resolve("none") + "; train one first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN).orSetting("against"));
  }

  @Test
  void check_unknownAlias_throwsInvalidInputNamingIt() throws Exception {
    register(null);

    assertThatThrownBy(() -> check(registered("staging", incoming)))
        .isInstanceOf(dev.mlops.core.InvalidInputException.class)
        .hasMessageContaining("staging");
  }

  @Test
  void check_servedLog_checksTheStoredImagesAsUnlabeledIncomingAndRecordsTheLog() throws Exception {
    register(null);
    Path logs = Files.createDirectories(tmp.resolve("serving"));
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(incoming)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String sha = store.put(file);
        lines.add("{\"imageSha256\":\"" + sha + "\",\"label\":\"a\",\"stored\":true}");
        lines.add("{\"imageSha256\":\"" + sha + "\",\"label\":\"a\",\"stored\":true}");
      }
    }
    Files.write(logs.resolve("predictions.jsonl"), lines);

    DriftCheckResult result =
        check(
            DriftCheckRequest.builder()
                .optServed(logs, null)
                .setOutputFile(output())
                .optModelDirectory(modelDir)
                .optRegistry(MODEL, project)
                .optStore(store));

    assertThat(result.report().incoming().images()).isEqualTo(60);
    assertThat(result.report().incoming().directory())
        .isEqualTo(tmp.resolve("served-images").toString());
    assertThat(result.report().incoming().layout()).startsWith("unlabeled");
    assertThat(log)
        .contains(
            "Restored 60 served images (of 120 predictions in 1 log file under "
                + logs
                + ") to "
                + tmp.resolve("served-images"));
    assertThat(recordedVerdict().orElseThrow().incoming()).isEqualTo("served images of " + logs);
  }

  @Test
  void check_incomingAndServedBothSet_failsNamingBoth() {
    assertThatThrownBy(() -> check(local(incoming).optServed(tmp, null)))
        .isInstanceOf(dev.mlops.core.InvalidInputException.class)
        .hasMessageContaining("both incoming (" + incoming + ") and served (" + tmp + ") are set")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("incoming", "served"));
  }

  private DriftCheckRequest.Builder local(Path images) {
    return DriftCheckRequest.builder()
        .setIncoming(images)
        .setOutputFile(output())
        .optModelDirectory(modelDir)
        .optRegistry(MODEL, project)
        .optStore(store)
        .optReportDirectory(tmp.resolve("report"));
  }

  private DriftCheckRequest.Builder registered(String against, Path images) {
    return local(images).optAgainst(against).optCacheDirectory(tmp.resolve("cache"));
  }

  private DriftCheckResult check(DriftCheckRequest.Builder request) throws MlopsException {
    return new DriftCheck(ProgressLog.unprefixed(log)).check(request.build());
  }

  private Path output() {
    return tmp.resolve("drift.json");
  }

  /** Versions the training data and registers the trained model as v1 of {@value #MODEL}. */
  private void register(EvaluationReport evaluation) throws Exception {
    Path data = shared.resolve("data");
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, 1))
            .manifest();
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, store, Progress.NONE)
          .version(new VersionRequest("stripes-data", manifest, data, Optional.empty(), false));
      new ModelRegistry(repo, store, Progress.NONE)
          .register(new RegisterRequest(MODEL, modelDir, evaluation, "stripes-data"));
    }
  }

  private Optional<DriftRecord> recordedVerdict() throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return new ModelRegistry(repo, store, Progress.NONE).drift(MODEL, "v1");
    }
  }

  private static String fingerprint() throws Exception {
    return Fingerprint.readFrom(modelDir).orElseThrow();
  }

  /** An evaluation of the model with {@code fingerprint} at accuracy 3/4. */
  private static EvaluationReport evaluation(String fingerprint) throws Exception {
    return new EvaluationReport(
        new ModelInfo("cnn-small", fingerprint, "m", Split.TEST),
        RegistryFixture.metrics(3),
        List.of());
  }
}
