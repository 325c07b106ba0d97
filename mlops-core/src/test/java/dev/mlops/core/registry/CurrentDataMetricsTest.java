package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.drift.DriftFixture;
import dev.mlops.core.drift.DriftFixture.Look;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.ModelInfo;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.train.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The champion gate's metrics: recorded on the current data, else measured on it again. */
@Tag("pytorch")
class CurrentDataMetricsTest {
  private static final String MODEL = "stripes";

  @TempDir static Path shared;
  private static Path modelDir;
  private static Path trainingData;
  private static Path currentData;
  // Shared: content-addressed, so only the first test pays for storing the images.
  private static ObjectStore store;

  @TempDir Path tmp;
  private RegistryRepository repo;
  private ModelRegistry registry;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void trainOnce() throws Exception {
    modelDir = DriftFixture.trainedModel(shared);
    trainingData = shared.resolve("data");
    // The project's data now: the training data with another test split.
    currentData = shared.resolve("current");
    try (Stream<Path> files = Files.walk(trainingData)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = currentData.resolve(trainingData.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    DriftFixture.replaceImages(currentData.resolve("test"), 10, 9, Look.NORMAL);
    store = new ObjectStore(shared.resolve("store"));
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = RegistryRepository.open(TestRepos.initProject(tmp.resolve("project")));
    registry = new ModelRegistry(repo, store, ProgressLog.to(log));
    Manifest training = scan(trainingData);
    new DatasetVersions(repo, store, Progress.NONE)
        .version(
            new VersionRequest("stripes-data", training, trainingData, Optional.empty(), false));
    String fingerprint = Fingerprint.readFrom(modelDir).orElseThrow();
    EvaluationReport recorded =
        new EvaluationReport(
            new ModelInfo("cnn-small", fingerprint, training.id(), Split.VAL),
            RegistryFixture.metrics(1),
            List.of());
    registry.register(new RegisterRequest(MODEL, modelDir, recorded, "stripes-data"));
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void metrics_evaluatedOnOtherData_areMeasuredAgainOnTheCurrentTestSplit() throws Exception {
    MetricsSource metrics = registry.currentDataMetrics(reevaluation(currentData).build());

    EvaluationMetrics measured = metrics.metrics(registry.card(MODEL, "v1"));

    assertThat(measured.n()).isEqualTo(20);
    assertThat(measured.accuracy()).isGreaterThan(0.25);
    assertThat(log)
        .contains("Evaluating v1 again on the current test split (it was evaluated on other data)");
    assertThat(tmp.resolve("cache/stripes/v1-evaluation.json")).isNotEmptyFile();
  }

  @Test
  void metrics_evaluatedOnTheCurrentData_areTheRecordedOnes() throws Exception {
    MetricsSource metrics = registry.currentDataMetrics(reevaluation(trainingData).build());

    EvaluationMetrics measured = metrics.metrics(registry.card(MODEL, "v1"));

    assertThat(measured).isEqualTo(RegistryFixture.metrics(1));
    assertThat(log).noneMatch(line -> line.startsWith("Evaluating"));
  }

  @Test
  void builder_badBatchSize_namesTheSetting() {
    assertThatThrownBy(() -> reevaluation(currentData).optBatchSize(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("batchSize is '0'");
  }

  @Test
  void gateOf_maxRegressionOutOfRange_namesIt() {
    assertThatThrownBy(() -> ChampionGate.of(1.5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("maxRegression is 1.5; must be in [0,1]")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.setting("maxRegression"));
  }

  private Reevaluation.Builder reevaluation(Path data) throws MlopsException {
    return Reevaluation.builder()
        .setData(data, scan(data))
        .setCacheDirectory(tmp.resolve("cache"))
        .optWorkers(1);
  }

  private static Manifest scan(Path dir) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(dir, SplitPolicy.DEFAULT, null, 1))
        .manifest();
  }
}
