package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.EvaluationRequest;
import dev.mlops.core.eval.Metrics;
import dev.mlops.core.eval.ModelInfo;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import dev.mlops.core.registry.RegisterRequest;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry goals guarding against a corrupt store, a mistyped alias and a wrong flag: promote of a
 * version whose stored files are damaged, evaluate's {@code compareTo} with an alias that never
 * existed or is unset now, and diff-data's unknown versions. Placeholder models (never loaded):
 * evaluate reuses a recorded evaluation, so only its gates run.
 */
@MojoTest
class RegistryGuardsMojoTest {
  private static final String MODEL = "digits-cnn";

  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;
  private String manifestId;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 2, 1);
    ItFixtures.initRepository(project.toFile());
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(project.resolve("data"), SplitPolicy.DEFAULT, null))
            .manifest();
    manifestId = manifest.id();
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, store(), Progress.NONE)
          .version(
              new VersionRequest(
                  "digits", manifest, project.resolve("data"), Optional.empty(), false));
    }
  }

  private ObjectStore store() {
    return new ObjectStore(tmp.resolve("store"));
  }

  private <T extends AbstractMojo> T prepare(T mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataset", "digits");
    return mojo;
  }

  /** A placeholder model directory (with an ONNX file) whose evaluation has 3 of 4 right. */
  private Path modelDirectory(String fingerprint) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("models").resolve(fingerprint));
    Files.writeString(dir.resolve(ModelFiles.PARAMS), "params of " + fingerprint);
    Files.writeString(dir.resolve(ModelFiles.GRAPH), "{}");
    Files.write(dir.resolve(ModelFiles.LABELS), Json.pretty(List.of("a", "b")));
    Files.writeString(dir.resolve(ModelFiles.PREPROCESSING), "{}");
    Files.writeString(dir.resolve("model.onnx"), "onnx of " + fingerprint);
    Files.write(
        dir.resolve("card.json"),
        Json.pretty(
            Map.of(
                "architecture",
                "cnn-small",
                "hyperparameters",
                Map.of("epochs", 1),
                "fingerprint",
                fingerprint,
                "manifestId",
                manifestId)));
    Files.writeString(dir.resolve("fingerprint"), fingerprint + "\n");
    return dir;
  }

  private EvaluationReport evaluation(String fingerprint) throws Exception {
    return new EvaluationReport(
        new ModelInfo(
            "cnn-small",
            fingerprint,
            manifestId,
            Split.TEST,
            EvaluationRequest.DEFAULT_BATCH_SIZE,
            CoreVersion.get()),
        Metrics.compute(
            List.of("a", "b"),
            new int[] {0, 1, 0, 1},
            new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.6f, 0.4f}},
            List.of("a/1.png", "b/2.png", "a/3.png", "b/4.png")),
        List.of());
  }

  private ModelVersionCard register(String fingerprint) throws Exception {
    Path dir = modelDirectory(fingerprint);
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return new ModelRegistry(repo, store(), Progress.NONE)
          .register(
              new RegisterRequest(
                  MODEL,
                  dir,
                  evaluation(fingerprint),
                  "digits",
                  Map.of("model.onnx", dir.resolve("model.onnx")),
                  Map.of(),
                  false,
                  null))
          .card();
    }
  }

  private void promote(String alias, String version) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new ModelRegistry(repo, store(), Progress.NONE)
          .promote(MODEL, alias, version, ChampionGate.recorded(1), true);
    }
  }

  private Optional<String> registryHead() throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return repo.registryHead();
    }
  }

  @Test
  @InjectMojo(goal = "promote")
  void promote_candidateParamsCorruptInTheStore_isABuildErrorAndTheAliasStays(PromoteMojo mojo)
      throws Exception {
    register("fp-one");
    String sha = register("fp-two").artifact(ModelFiles.PARAMS).orElseThrow().sha256();
    promote("production", "v1");
    Path object = store().objectPath(sha);
    object.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(object);
    bytes[0] ^= 1;
    Files.write(object, bytes);
    Optional<String> head = registryHead();
    prepare(mojo);
    setVariableValueToObject(mojo, "model", MODEL);
    setVariableValueToObject(mojo, "alias", "production");
    setVariableValueToObject(mojo, "version", "v2");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith(
            "refusing to move alias production of model digits-cnn to v2: its artifact params"
                + " (sha256 "
                + sha
                + ") is corrupt in the store")
        .hasMessageContaining("alias production stays at v1");
    assertThat(registryHead()).isEqualTo(head);
    assertThat(log.lines).noneMatch(l -> l.contains("Moved alias"));
  }

  @Test
  @InjectMojo(goal = "evaluate")
  void evaluate_compareToAliasThatNeverExisted_failsListingTheKnownAliases(EvaluateMojo mojo)
      throws Exception {
    register("fp-one");
    promote("production", "v1");
    promote("staging", "v1");
    prepareEvaluate(mojo, "fp-one", "nosuchalias");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "model digits-cnn has never had an alias 'nosuchalias' (known aliases: production,"
                + " staging); compare with one of them, or promote a version to nosuchalias"
                + " first (<compareTo> in the plugin configuration, or"
                + " -Dmlops.evaluate.compareTo=...)");
  }

  @Test
  @InjectMojo(goal = "evaluate")
  void evaluate_compareToAliasUnsetNow_skipsTheGateWithAWarning(EvaluateMojo mojo)
      throws Exception {
    register("fp-one");
    promote("production", "v1");
    promote("staging", "v1");
    // Someone removed staging from aliases.json by hand: it existed, so the gate only warns.
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      repo.commit(
          "remove staging",
          s ->
              Map.of(
                  "models/" + MODEL + "/aliases.json",
                  "{\"production\":{\"version\":1,\"history\":[]}}".getBytes()));
    }
    prepareEvaluate(mojo, "fp-one", "staging");

    mojo.execute();

    assertThat(log.lines)
        .contains("[WARNING] no model behind alias staging yet; regression gate skipped");
  }

  @Test
  @InjectMojo(goal = "evaluate")
  void evaluate_compareToLooksLikeAVersion_failsNamingCompareTo(EvaluateMojo mojo)
      throws Exception {
    register("fp-one");
    prepareEvaluate(mojo, "fp-one", "v1");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "alias 'v1' looks like a version number; choose a name such as production or staging"
                + " (<compareTo> in the plugin configuration, or"
                + " -Dmlops.evaluate.compareTo=...)");
  }

  @Test
  @InjectMojo(goal = "models")
  void models_compareWithAnUnknownVersion_suggestsTheCompareFlag(ModelsMojo mojo) throws Exception {
    register("fp-one");
    prepare(mojo);
    setVariableValueToObject(mojo, "model", MODEL);
    setVariableValueToObject(mojo, "compare", "1,9");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "model 'digits-cnn' has no version v9; existing versions: v1 (choose one of them)"
                + " (<compare> in the plugin configuration, or -Dmlops.compare=...)");
  }

  private void prepareEvaluate(EvaluateMojo mojo, String fingerprint, String compareTo)
      throws Exception {
    Path model = modelDirectory(fingerprint);
    Path output = project.resolve("target/mlops/evaluation.json");
    evaluation(fingerprint).write(output);
    prepare(mojo);
    setVariableValueToObject(mojo, "model", MODEL);
    setVariableValueToObject(mojo, "compareTo", compareTo);
    setVariableValueToObject(mojo, "modelDirectory", model.toFile());
    setVariableValueToObject(mojo, "output", output.toFile());
    setVariableValueToObject(
        mojo, "reportDirectory", project.resolve("target/mlops/report").toFile());
  }

  @Test
  @InjectMojo(goal = "diff-data")
  void diffData_unknownToVersion_suggestsTheToFlag(DiffDataMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "from", "v1");
    setVariableValueToObject(mojo, "to", "v99");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "dataset 'digits' has no version v99; existing versions: v1 (choose one of them)"
                + " (<to> in the plugin configuration, or -Dmlops.to=...)");
  }

  @Test
  @InjectMojo(goal = "diff-data")
  void diffData_unknownFromVersion_suggestsTheFromFlag(DiffDataMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "from", "7");
    setVariableValueToObject(mojo, "to", "v1");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "dataset 'digits' has no version v7; existing versions: v1 (choose one of them)"
                + " (<from> in the plugin configuration, or -Dmlops.from=...)");
  }
}
