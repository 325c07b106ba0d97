package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.RegisterRequest;
import dev.mlops.core.registry.RetrainDecision;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain-check goal on a real Git registry: the log lines and both output files, and the error
 * rows (bad names are BUILD FAILURE; a due retrain fails only with failWhenDue).
 */
@MojoTest
class RetrainCheckMojoTest {
  private static final String MODEL = "digits-cnn";

  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 2, 1);
    ItFixtures.initRepository(project.toFile());
  }

  private RetrainCheckMojo prepare(RetrainCheckMojo mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "model", MODEL);
    setVariableValueToObject(mojo, "alias", "production");
    setVariableValueToObject(
        mojo, "output", project.resolve("target/mlops/retrain-check.json").toFile());
    return mojo;
  }

  /** Versions the data directory as dataset {@code digits}; returns its manifest id. */
  private String versionData() throws Exception {
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(project.resolve("data"), SplitPolicy.DEFAULT, null))
            .manifest();
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, new ObjectStore(tmp.resolve("store")), Progress.NONE)
          .version(
              new VersionRequest(
                  "digits", manifest, project.resolve("data"), Optional.empty(), false));
    }
    return manifest.id();
  }

  /** Registers a placeholder model trained on {@code manifestId} and points production at it. */
  private void registerAndPromote(String manifestId) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(dir.resolve(ModelFiles.PARAMS), "params");
    Files.writeString(dir.resolve(ModelFiles.GRAPH), "{}");
    Files.write(dir.resolve(ModelFiles.LABELS), Json.pretty(List.of("a", "b")));
    Files.writeString(dir.resolve(ModelFiles.PREPROCESSING), "{}");
    Files.write(
        dir.resolve("card.json"),
        Json.pretty(
            Map.of(
                "architecture",
                "cnn-small",
                "hyperparameters",
                Map.of("epochs", 1),
                "fingerprint",
                "fp-one",
                "manifestId",
                manifestId)));
    Files.writeString(dir.resolve("fingerprint"), "fp-one\n");
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      ModelRegistry models =
          new ModelRegistry(repo, new ObjectStore(tmp.resolve("store")), Progress.NONE);
      models.register(new RegisterRequest(MODEL, dir, null, "digits"));
      models.promote(MODEL, "production", "v1", ChampionGate.recorded(0), false);
    }
  }

  private void newerData() throws Exception {
    ItFixtures.writeImage(project.resolve("data/train/a/new.png").toFile(), 99, 24);
    versionData();
  }

  private String properties() throws Exception {
    return Files.readString(project.resolve("target/mlops/retrain-check.properties"));
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_newerDataset_logsTheReasonAndWritesBothFiles(RetrainCheckMojo mojo)
      throws Exception {
    registerAndPromote(versionData());
    newerData();

    prepare(mojo).execute();

    String reason =
        "dataset v2 is newer than v1 that the model behind production (v1) was trained on"
            + " (dataset digits); train on it (check out dataset digits v2, then train and"
            + " register) and promote the result";
    assertThat(log.lines)
        .containsExactly(
            "[INFO]   " + reason,
            "[INFO]   To retrain: mvn mlops:checkout-data -Dmlops.dataset=digits"
                + " -Dmlops.version=v2, then mvn install, then mvn mlops:promote"
                + " -Dmlops.version=vN -Dmlops.alias=production",
            "[INFO] Retraining due for digits-cnn: 1 reason (written to"
                + " target/mlops/retrain-check.json)");
    RetrainDecision decision =
        Json.mapper()
            .readValue(
                project.resolve("target/mlops/retrain-check.json").toFile(), RetrainDecision.class);
    assertThat(decision)
        .isEqualTo(
            new RetrainDecision(
                MODEL, "production", 1, "digits", 1, 2, null, true, List.of(reason)));
    assertThat(properties())
        .isEqualTo(
            "retrain=true\nmodel=digits-cnn\nalias=production\nversion=1\ndataset=digits\n"
                + "datasetVersion=1\nlatestDatasetVersion=2\nreasons="
                + reason
                + "\n");
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_currentData_logsOneSummaryLineWithTheReason(RetrainCheckMojo mojo)
      throws Exception {
    registerAndPromote(versionData());

    prepare(mojo).execute();

    assertThat(log.lines)
        .containsExactly(
            "[INFO] No retraining due for digits-cnn (production = v1): dataset digits v1 behind"
                + " production (v1) is its newest version, and no drift check is recorded for v1"
                + " (record one by drift-checking new images against production) (written to"
                + " target/mlops/retrain-check.json)",
            "[INFO] To record a drift check: mvn mlops:drift-check -Dmlops.incoming=DIR"
                + " -Dmlops.against=production");
    assertThat(properties()).startsWith("retrain=false\nmodel=digits-cnn\n");
    assertThat(properties()).contains("\nversion=1\n");
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_failWhenDue_failsTheBuildAfterWritingTheFiles(RetrainCheckMojo mojo)
      throws Exception {
    registerAndPromote(versionData());
    newerData();
    setVariableValueToObject(prepare(mojo), "failWhenDue", true);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "Retraining is due for model digits-cnn: dataset v2 is newer than v1 ")
        .hasMessageContaining(". To retrain: mvn mlops:checkout-data -Dmlops.dataset=digits")
        .hasMessageEndingWith("(the build fails because -Dmlops.retrain-check.failWhenDue=true)");
    assertThat(properties()).startsWith("retrain=true\n");
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_failWhenDueButCurrent_passes(RetrainCheckMojo mojo) throws Exception {
    registerAndPromote(versionData());
    setVariableValueToObject(prepare(mojo), "failWhenDue", true);

    mojo.execute();

    assertThat(properties()).startsWith("retrain=false\n");
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_aliasNotSet_isDueWithAnEmptyVersion(RetrainCheckMojo mojo) throws Exception {
    versionData();
    prepare(mojo);
    setVariableValueToObject(mojo, "alias", "staging");

    mojo.execute();

    assertThat(log.lines.get(0))
        .isEqualTo(
            "[INFO]   alias staging of model digits-cnn is not set: no version to keep current;"
                + " train and register a model, then promote its version to staging");
    assertThat(log.lines.get(1))
        .isEqualTo(
            "[INFO]   To retrain: mvn install, then mvn mlops:promote -Dmlops.version=vN"
                + " -Dmlops.alias=staging");
    assertThat(properties())
        .startsWith(
            "retrain=true\nmodel=digits-cnn\nalias=staging\nversion=\ndataset=\ndatasetVersion=\n"
                + "latestDatasetVersion=\nreasons=alias");
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_badModelName_failsNamingItAndTheProperty(RetrainCheckMojo mojo)
      throws Exception {
    setVariableValueToObject(prepare(mojo), "model", "Digits CNN");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("model name 'Digits CNN' is not valid")
        .hasMessageEndingWith("(<model> in the plugin configuration, or -Dmlops.model=...)");
    assertThat(project.resolve("target/mlops/retrain-check.json")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "retrain-check")
  void retrainCheck_versionAsAlias_failsSayingToNameAnAlias(RetrainCheckMojo mojo)
      throws Exception {
    setVariableValueToObject(prepare(mojo), "alias", "v1");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("alias 'v1' looks like a version number");
  }

  @Test
  void properties_reasonWithLineBreaks_staysOnOneLine() {
    RetrainDecision decision =
        new RetrainDecision(
            "m", "production", 3, "d", 1, 1, null, true, List.of("first\nsecond", "third"));

    assertThat(RetrainCheckMojo.properties(decision))
        .isEqualTo(
            "retrain=true\nmodel=m\nalias=production\nversion=3\ndataset=d\ndatasetVersion=1\n"
                + "latestDatasetVersion=1\nreasons=first\\nsecond | third\n");
  }
}
