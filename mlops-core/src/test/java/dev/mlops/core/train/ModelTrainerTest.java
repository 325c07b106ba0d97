package dev.mlops.core.train;

import static dev.mlops.core.train.TrainingFixture.build;
import static dev.mlops.core.train.TrainingFixture.config;
import static dev.mlops.core.train.TrainingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.EngineVersion;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.train.TrainingFixture.Recorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end training on 16-pixel bright and dark images (cnn-small, 3 epochs, one thread). */
@Tag("pytorch")
class ModelTrainerTest {
  @TempDir static Path shared;
  private static Path data;
  private static Manifest manifest;
  private static TrainingConfig config;
  private static TrainingResult reference;
  private static Recorder referenceLog;
  private static byte[] referenceParams;

  @TempDir Path root;

  @BeforeAll
  static void trainReference() throws Exception {
    data = TrainingFixture.brightAndDark(shared.resolve("data"), 12, 4);
    manifest = TrainingFixture.scan(data);
    config = build(config());
    referenceLog = new Recorder();
    reference =
        new ModelTrainer(referenceLog)
            .train(request(data, manifest, config, shared.resolve("reference"), null));
    referenceParams = Files.readAllBytes(reference.outputDir().resolve("params"));
  }

  @Test
  void train_separableImages_learnsThem() {
    assertThat(reference.status()).isEqualTo(TrainingStatus.TRAINED);
    assertThat(reference.valAccuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(reference.history().epochs()).hasSize(3);
    assertThat(reference.parameterCount()).isPositive();
  }

  @Test
  void train_writesModelDirectoryWithHistoryCardAndFingerprint() throws IOException {
    Path out = reference.outputDir();
    assertThat(out.resolve("fingerprint")).hasContent(reference.fingerprint());
    assertThat(Stream.of("params", "graph.json", "labels.json", "preprocessing.json"))
        .allSatisfy(f -> assertThat(out.resolve(f)).isRegularFile());
    JsonNode history = Json.mapper().readTree(out.resolve("history.json").toFile());
    assertThat(history.get("epochs")).hasSize(3);
    JsonNode first = history.get("epochs").get(0);
    assertThat(first.get("epoch").asInt()).isEqualTo(1);
    assertThat(first.get("learningRate").asDouble()).isEqualTo(0.01);
    for (String field :
        new String[] {"trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "seconds"}) {
      assertThat(first.get(field).isNumber()).as(field).isTrue();
    }
    assertThat(first.get("imagesPerSecond").asDouble()).isPositive();
    assertThat(history.get("bestEpoch").asInt()).isEqualTo(reference.bestEpoch());
    assertThat(history.get("validation").asText()).isEqualTo("val split");
    JsonNode card = Json.mapper().readTree(out.resolve("card.json").toFile());
    assertThat(card.get("architecture").asText()).isEqualTo("cnn-small");
    assertThat(card.get("fingerprint").asText()).isEqualTo(reference.fingerprint());
    assertThat(card.get("manifestId").asText()).isEqualTo(manifest.id());
    assertThat(card.get("labels").toString()).isEqualTo("[\"bright\",\"dark\"]");
    assertThat(card.get("channels").asInt()).isEqualTo(3);
    assertThat(card.get("hyperparameters").get("optimizer").asText()).isEqualTo("ADAM");
    assertThat(card.get("bestEpoch").asInt()).isEqualTo(reference.bestEpoch());
    assertThat(card.get("parameters").asLong()).isEqualTo(reference.parameterCount());
  }

  @Test
  void train_logsBatchLinesAndEpochSummaries() {
    String log = referenceLog.text();
    assertThat(log).containsPattern("epoch 1/3 batch 1/3 loss \\d+\\.\\d{3} acc \\d\\.\\d{3} ");
    assertThat(log).containsPattern("img/s ETA \\d+s");
    assertThat(log)
        .containsPattern(
            "epoch 3/3 done: train loss .* loader wait \\d+\\.\\d s," + " compute \\d+\\.\\d s");
    assertThat(log).contains("channels: 3 (RGB, detected from 24 training images");
  }

  @Test
  void train_sameInputsTwice_giveByteIdenticalParams() throws MlopsException, IOException {
    TrainingResult again =
        new ModelTrainer(new Recorder()).train(request(data, manifest, config, root, null));

    assertThat(again.fingerprint()).isEqualTo(reference.fingerprint());
    assertThat(Files.readAllBytes(again.outputDir().resolve("params"))).isEqualTo(referenceParams);
  }

  @Test
  void train_unchangedInputs_isUpToDateWithoutTraining() throws MlopsException {
    Recorder log = new Recorder();
    TrainingResult result =
        new ModelTrainer(log)
            .train(request(data, manifest, config, shared.resolve("reference"), null));

    assertThat(result.status()).isEqualTo(TrainingStatus.UP_TO_DATE);
    assertThat(result.seconds()).isLessThan(1.0);
    assertThat(result.bestEpoch()).isEqualTo(reference.bestEpoch());
    assertThat(result.history()).isEqualTo(reference.history());
    assertThat(log.text()).contains("is up to date").doesNotContain("epoch 1/");
    assertThat(log.text())
        .contains("channels: 3 (RGB, detected before from the same 24 training images");
  }

  @Test
  void train_modelOfAnotherEngineBuild_isNotUpToDateAndTrainsAgain() throws Exception {
    copyTree(reference.outputDir(), root.resolve("model"));
    TrainingRequest otherEngine =
        TrainingRequest.builder()
            .setData(data, manifest)
            .optConfig(config)
            .setOutputDir(root.resolve("model"))
            .setWorkDir(root.resolve("work"))
            .optCoreVersion("test")
            .optEngineVersion("DJL 0.35.1, PyTorch 2.7.1-20991231 cpu linux-x86_64, JNI 2.7.1")
            .build();

    Recorder log = new Recorder();
    TrainingResult result = new ModelTrainer(log).train(otherEngine);

    assertThat(ModelCard.read(reference.outputDir()).engineVersion())
        .isEqualTo(EngineVersion.current().toString());
    assertThat(result.status()).isEqualTo(TrainingStatus.TRAINED);
    assertThat(result.fingerprint()).isNotEqualTo(reference.fingerprint());
    assertThat(log.text()).doesNotContain("is up to date").contains("epoch 1/");
    assertThat(ModelCard.read(result.outputDir()).engineVersion())
        .isEqualTo(otherEngine.engineVersion());
  }

  @Test
  void train_upToDate_removesALeftOverCheckpointOfTheSameRun() throws Exception {
    TrainingRequest crashed = request(data, manifest, config, root, null);
    assertThatThrownBy(() -> new ModelTrainer(new Recorder("epoch 1/3 done")).train(crashed))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);
    Path sealed = root.resolve("sealed");
    copyTree(reference.outputDir(), sealed.resolve("model"));
    Path leftOver = Files.createDirectories(sealed.resolve("work")).resolve(Checkpoint.FILE);
    Files.copy(crashed.workDir().resolve(Checkpoint.FILE), leftOver);

    TrainingResult result =
        new ModelTrainer(new Recorder()).train(request(data, manifest, config, sealed, null));

    assertThat(result.status()).isEqualTo(TrainingStatus.UP_TO_DATE);
    assertThat(leftOver).doesNotExist();
  }

  @Test
  void train_outputDeleted_isRestoredFromRunCache() throws MlopsException, IOException {
    ObjectStore store = new ObjectStore(root.resolve("store"));
    TrainingRequest request = request(data, manifest, config, root, store);
    new ModelTrainer(new Recorder()).train(request);
    deleteTree(request.outputDir());

    Recorder log = new Recorder();
    TrainingResult restored = new ModelTrainer(log).train(request);

    assertThat(restored.status()).isEqualTo(TrainingStatus.RESTORED_FROM_CACHE);
    assertThat(log.text()).contains("from the run cache").doesNotContain("epoch 1/");
    assertThat(Files.readAllBytes(request.outputDir().resolve("params")))
        .isEqualTo(referenceParams);
    assertThat(request.outputDir().resolve("fingerprint")).hasContent(reference.fingerprint());
  }

  @Test
  void train_killedAfterFirstCheckpoint_resumesToTheSameBytes() throws MlopsException, IOException {
    TrainingRequest request = request(data, manifest, config, root, null);
    assertThatThrownBy(() -> new ModelTrainer(new Recorder("epoch 1/3 done")).train(request))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);
    assertThat(request.workDir().resolve(Checkpoint.FILE)).isRegularFile();
    assertThat(request.outputDir().resolve("fingerprint")).doesNotExist();

    Recorder log = new Recorder();
    TrainingResult resumed = new ModelTrainer(log).train(request);

    assertThat(resumed.status()).isEqualTo(TrainingStatus.RESUMED);
    assertThat(log.text())
        .contains("resuming from the checkpoint of epoch 1")
        .doesNotContain("epoch 1/3 done");
    assertThat(numbers(resumed.history())).isEqualTo(numbers(reference.history()));
    assertThat(Files.readAllBytes(request.outputDir().resolve("params")))
        .isEqualTo(referenceParams);
    assertThat(request.workDir().resolve(Checkpoint.FILE)).doesNotExist();
  }

  @Test
  void train_killedAfterLastCheckpoint_resumesWithoutTraining() throws MlopsException, IOException {
    TrainingRequest request = request(data, manifest, config, root, null);
    assertThatThrownBy(() -> new ModelTrainer(new Recorder("epoch 3/3 done")).train(request))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);

    Recorder log = new Recorder();
    TrainingResult resumed = new ModelTrainer(log).train(request);

    assertThat(resumed.status()).isEqualTo(TrainingStatus.RESUMED);
    assertThat(log.text()).doesNotContain("batch");
    assertThat(numbers(resumed.history())).isEqualTo(numbers(reference.history()));
    assertThat(Files.readAllBytes(request.outputDir().resolve("params")))
        .isEqualTo(referenceParams);
  }

  @Test
  void train_initFrom_startsFromTheFileAndRecordsItsHash() throws MlopsException, IOException {
    Path warm = reference.outputDir().resolve("params");
    Recorder log = new Recorder();
    TrainingConfig fineTune = build(config().optEpochs(1).optInitFrom(warm));

    TrainingResult result =
        new ModelTrainer(log).train(request(data, manifest, fineTune, root, null));

    assertThat(log.text()).contains("initialised from " + warm);
    assertThat(result.history().epochs().get(0).valAccuracy()).isEqualTo(1.0);
    JsonNode card = Json.mapper().readTree(result.outputDir().resolve("card.json").toFile());
    assertThat(card.get("initFromSha256").asText())
        .isEqualTo(dev.mlops.core.store.Hashing.sha256(warm));
  }

  @Test
  void train_initFromMissing_namesTheFile() {
    TrainingConfig fineTune = build(config().optInitFrom(root.resolve("nope.params")));

    assertThatThrownBy(
            () ->
                new ModelTrainer(new Recorder())
                    .train(request(data, manifest, fineTune, root, null)))
        .isInstanceOf(dev.mlops.core.InvalidInputException.class)
        .hasMessageContaining("nope.params does not exist");
  }

  @Test
  void train_changedHyperparameter_trainsAgainIgnoringOtherCheckpoint()
      throws MlopsException, IOException {
    TrainingRequest first = request(data, manifest, config, root, null);
    assertThatThrownBy(() -> new ModelTrainer(new Recorder("epoch 1/3 done")).train(first))
        .isInstanceOf(TrainingFixture.SimulatedCrash.class);
    TrainingConfig changed = build(config().optEpochs(1).optOptimizer(OptimizerKind.SGD));

    Recorder log = new Recorder();
    TrainingResult result =
        new ModelTrainer(log).train(request(data, manifest, changed, root, null));

    assertThat(result.status()).isEqualTo(TrainingStatus.TRAINED);
    assertThat(result.fingerprint()).isNotEqualTo(reference.fingerprint());
    assertThat(log.text()).contains("ignoring the checkpoint");
  }

  @Test
  void train_noValSplit_holdsOutATenthOfTrain() throws Exception {
    Path noVal = TrainingFixture.brightAndDark(root.resolve("data"), 10, 0);
    Recorder log = new Recorder();
    TrainingResult result =
        new ModelTrainer(log)
            .train(
                request(
                    noVal,
                    TrainingFixture.scan(noVal),
                    build(config().optEpochs(1).optChannels(3)),
                    root,
                    null));

    assertThat(log.text())
        .contains("no val split in the dataset: holding out 2 of 20 training images");
    assertThat(result.history().validation()).startsWith("10% of train held out");
  }

  /** Every number of a history except timings, which differ between runs. */
  private static List<List<Double>> numbers(TrainingHistory history) {
    return history.epochs().stream()
        .map(
            e ->
                List.of(
                    (double) e.epoch(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.valLoss(),
                    e.valAccuracy(),
                    e.learningRate()))
        .toList();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
