package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.maven.it.ItFixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's error table: bad input is a {@link MojoFailureException} naming the value and the
 * fix; a step that cannot run is a {@link MojoExecutionException}; skips say why.
 */
@MojoTest
class MojoErrorsTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();

  private <T extends AbstractMojo> T prepare(T mojo, Path project) throws Exception {
    mojo.setLog(log);
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataset", "digits");
    return mojo;
  }

  private Path cleanProject() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 2, 1);
    return project;
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_cleanData_logsCountsAndPassedLine(ValidateDataMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "output", tmp.resolve("validation.json").toFile());

    mojo.execute();

    assertThat(log.lines).contains("[INFO]   train: a 2, b 2", "[INFO]   test: a 2, b 2");
    assertThat(log.lines).anyMatch(l -> l.startsWith("[INFO] Validation passed: 0 errors"));
    assertThat(tmp.resolve("validation.json")).exists();
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_corruptImage_failsTheBuildNamingTheFile(ValidateDataMojo mojo)
      throws Exception {
    Path project = cleanProject();
    Files.writeString(project.resolve("data/train/a/broken.png"), "not a png");
    prepare(mojo, project);
    setVariableValueToObject(mojo, "output", tmp.resolve("validation.json").toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Data validation failed with 1 error(s)");
    assertThat(log.lines).anyMatch(l -> l.startsWith("[ERROR]") && l.contains("decodable"));
    assertThat(log.lines).contains("[ERROR]     train/a/broken.png");
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_missingDirectory_failsNamingPathAndProperty(ValidateDataMojo mojo)
      throws Exception {
    prepare(mojo, tmp.resolve("nowhere"));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(tmp.resolve("nowhere/data").toString())
        .hasMessageEndingWith(
            "set dataDirectory (<dataDirectory> in the plugin configuration, or"
                + " -Dmlops.dataDirectory=...)");
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_invalidSetting_failsNamingTheParameter(ValidateDataMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "maxImbalance", 0.5);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("maxImbalance")
        .hasMessageContaining("0.5");
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_badSplitFractions_failsNamingTheValue(ValidateDataMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "splitFractions", "0.9,0.9");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("'0.9,0.9'")
        .hasMessageContaining("-Dmlops.splitFractions=...");
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void validateData_skipped_saysWhy(ValidateDataMojo mojo) throws Exception {
    prepare(mojo, tmp.resolve("nowhere"));
    setVariableValueToObject(mojo, "skip", true);

    mojo.execute();

    assertThat(log.lines).containsExactly("[INFO] Skipping validate-data: mlops.skip is true");
  }

  @Test
  @InjectMojo(goal = "version-data")
  void versionData_invalidDatasetName_failsNamingNameAndFix(VersionDataMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "dataset", "../Evil");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("dataset name '../Evil' is not valid")
        .hasMessageEndingWith("(<dataset> in the plugin configuration, or -Dmlops.dataset=...)");
  }

  @Test
  @InjectMojo(goal = "version-data")
  void versionData_notInGitRepository_failsSayingGitInit(VersionDataMojo mojo) throws Exception {
    Path project = cleanProject();
    prepare(mojo, project);
    setVariableValueToObject(mojo, "project", projectAt(project));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("git init");
  }

  @Test
  @InjectMojo(goal = "version-data")
  void versionData_storeIsAFile_isAnExecutionError(VersionDataMojo mojo) throws Exception {
    inRepository(mojo);
    File notADirectory = Files.writeString(tmp.resolve("store-file"), "x").toFile();
    setVariableValueToObject(mojo, "store", notADirectory);

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class);
  }

  @Test
  @InjectMojo(goal = "checkout-data")
  void checkoutData_unknownVersion_failsNamingIt(CheckoutDataMojo mojo) throws Exception {
    inRepository(mojo);
    setVariableValueToObject(mojo, "version", "v9");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("v9");
  }

  @Test
  @InjectMojo(goal = "diff-data")
  void diffData_badVersionSyntax_failsNamingTheProperty(DiffDataMojo mojo) throws Exception {
    Path project = cleanProject();
    prepare(mojo, project);
    setVariableValueToObject(mojo, "from", "first");
    setVariableValueToObject(mojo, "to", "v2");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("from 'first' is not a valid version")
        .hasMessageEndingWith("(<from> in the plugin configuration, or -Dmlops.from=...)");
  }

  @Test
  @InjectMojo(goal = "train")
  void train_unknownArchitecture_failsListingTheKnownOnes(TrainMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "architecture", "resnet19");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("resnet19")
        .hasMessageContaining("resnet18")
        .hasMessageContaining("cnn-small");
  }

  @Test
  @InjectMojo(goal = "train")
  void train_unknownOptimizer_failsNamingTheChoices(TrainMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "optimizer", "rmsprop");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("'rmsprop'")
        .hasMessageContaining("adam or sgd");
  }

  @Test
  @InjectMojo(goal = "train")
  void train_unfreezeAfterNotBelowEpochs_failsNamingTheParameter(TrainMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "epochs", 2);
    setVariableValueToObject(mojo, "unfreezeAfter", 2);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("unfreezeAfter")
        .hasMessageContaining("less than epochs (2)")
        .hasMessageContaining("-Dmlops.train.unfreezeAfter=");
  }

  @Test
  @InjectMojo(goal = "train")
  void train_unfreezeAfterWithFreezeBackboneFalse_failsNamingTheConflict(TrainMojo mojo)
      throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "epochs", 2);
    setVariableValueToObject(mojo, "unfreezeAfter", 1);
    setVariableValueToObject(mojo, "freezeBackbone", false);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("needs freezeBackbone=true");
  }

  @Test
  @InjectMojo(goal = "train")
  void train_backboneLrFactorWithoutUnfreezing_failsNamingTheParameter(TrainMojo mojo)
      throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "backboneLrFactor", 0.5);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("backboneLrFactor")
        .hasMessageContaining("-Dmlops.train.backboneLrFactor=");
  }

  @Test
  @InjectMojo(goal = "evaluate")
  void evaluate_gateOutOfRange_failsNamingTheParameter(EvaluateMojo mojo) throws Exception {
    prepare(mojo, cleanProject());
    setVariableValueToObject(mojo, "minAccuracy", 1.2);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("minAccuracy")
        .hasMessageContaining("1.2");
  }

  @Test
  @InjectMojo(goal = "evaluate")
  void evaluate_noTrainedModel_isAnExecutionErrorSayingWhatToRun(EvaluateMojo mojo)
      throws Exception {
    Path project = cleanProject();
    prepare(mojo, project);
    setVariableValueToObject(
        mojo, "modelDirectory", project.resolve("target/mlops/model").toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("no trained model")
        .hasMessageEndingWith("; train a model first (`mvn mlops:train`)");
  }

  @Test
  @InjectMojo(goal = "export-onnx")
  void exportOnnx_noTrainedModel_failsSayingWhatToRun(ExportOnnxMojo mojo) throws Exception {
    Path project = cleanProject();
    exportFrom(mojo, project);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("no trained model in " + project.resolve("target/mlops/model"))
        .hasMessageEndingWith("; train a model first (`mvn mlops:train`)");
    assertThat(project.resolve("target/mlops/model.onnx")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "export-onnx")
  void exportOnnx_toleranceOutOfRange_failsNamingTheParameter(ExportOnnxMojo mojo)
      throws Exception {
    exportFrom(mojo, cleanProject());
    setVariableValueToObject(mojo, "tolerance", 1.5);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("invalid export setting: tolerance is '1.5';")
        .hasMessageEndingWith(
            "(<tolerance> in the plugin configuration, or -Dmlops.export-onnx.tolerance=...)");
  }

  @Test
  @InjectMojo(goal = "export-onnx")
  void exportOnnx_maxDisagreementOutOfRange_failsNamingTheParameter(ExportOnnxMojo mojo)
      throws Exception {
    exportFrom(mojo, cleanProject());
    setVariableValueToObject(mojo, "maxDisagreement", 2.0);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "invalid export setting: maxDisagreement is '2.0'; must be in [0,1]")
        .hasMessageEndingWith(
            "(<maxDisagreement> in the plugin configuration, or"
                + " -Dmlops.export-onnx.maxDisagreement=...)");
  }

  @Test
  @InjectMojo(goal = "export-onnx")
  void exportOnnx_skipped_saysWhy(ExportOnnxMojo mojo) throws Exception {
    exportFrom(mojo, tmp.resolve("nowhere"));
    setVariableValueToObject(mojo, "skipExport", true);

    mojo.execute();

    assertThat(log.lines)
        .containsExactly("[INFO] Skipping export-onnx: mlops.export-onnx.skip is true");
  }

  /** Wires {@code mojo} to export the (untrained) model of the project at {@code project}. */
  private void exportFrom(ExportOnnxMojo mojo, Path project) throws Exception {
    prepare(mojo, project);
    setVariableValueToObject(mojo, "project", projectAt(project));
    setVariableValueToObject(
        mojo, "modelDirectory", project.resolve("target/mlops/model").toFile());
    setVariableValueToObject(mojo, "outputDirectory", project.resolve("target/mlops").toFile());
  }

  @Test
  @InjectMojo(goal = "promote")
  void promote_withoutVersion_failsSayingHowToChoose(PromoteMojo mojo) throws Exception {
    inRepository(mojo);
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "alias", "production");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageEndingWith(
            "say which version to promote, or roll production back to its previous version"
                + " (<version> or <rollback> in the plugin configuration, or -Dmlops.version=..."
                + " or -Dmlops.rollback=true)");
  }

  @Test
  @InjectMojo(goal = "promote")
  void promote_unknownVersion_failsNamingIt(PromoteMojo mojo) throws Exception {
    inRepository(mojo);
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "alias", "production");
    setVariableValueToObject(mojo, "version", "v7");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("v7");
  }

  @Test
  @InjectMojo(goal = "models")
  void models_badComparePair_failsWithAnExample(ModelsMojo mojo) throws Exception {
    inRepository(mojo);
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "compare", "3");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "compare is '3'; give two versions, e.g. 1,2 (<compare> in the plugin configuration,"
                + " or -Dmlops.compare=...)");
  }

  /** A clean project committed to a Git repository, wired into {@code mojo}. */
  private Path inRepository(AbstractMojo mojo) throws Exception {
    Path project = cleanProject();
    ItFixtures.initRepository(project.toFile());
    prepare(mojo, project);
    setVariableValueToObject(mojo, "project", projectAt(project));
    return project;
  }

  private org.apache.maven.project.MavenProject projectAt(Path basedir) {
    var project = new org.apache.maven.project.MavenProject();
    project.setFile(basedir.resolve("pom.xml").toFile());
    project.getBuild().setDirectory(basedir.resolve("target").toString());
    return project;
  }
}
