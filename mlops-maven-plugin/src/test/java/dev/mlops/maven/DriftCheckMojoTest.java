package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift-check goal's error rows: skips say why, bad settings and unknown aliases are BUILD
 * FAILURE naming the value and the fix, a missing model is a BUILD ERROR saying what to run. The
 * checks themselves run in the IT {@code drift-check-registered} and in the core's tests.
 */
@MojoTest
class DriftCheckMojoTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("incoming").toFile(), List.of("x"), List.of("a", "b"), 2, 1);
  }

  private DriftCheckMojo prepare(DriftCheckMojo mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "incoming", project.resolve("incoming/x").toFile());
    setVariableValueToObject(
        mojo, "modelDirectory", project.resolve("target/mlops/model").toFile());
    setVariableValueToObject(mojo, "output", project.resolve("target/mlops/drift.json").toFile());
    setVariableValueToObject(
        mojo, "reportDirectory", project.resolve("target/mlops/report").toFile());
    return mojo;
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void noIncomingImages_skipsSayingHowToSetThem(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "incoming", null);

    mojo.execute();

    assertThat(log.lines)
        .containsExactly(
            "[INFO] Skipping drift-check: no incoming images to check (set"
                + " -Dmlops.incoming=DIR or <incoming>, or -Dmlops.served=LOG_DIR or <served> for"
                + " the images a server kept)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void pValueOutOfRange_failsNamingTheParameter(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "pValue", 1.5);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "pValue is 1.5; must be in (0, 1), e.g. 0.05 (<pValue> in the plugin configuration,"
                + " or -Dmlops.drift-check.pValue=...)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void tooFewMinImages_failsNamingTheParameter(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "minImages", 1);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("minImages is 1")
        .hasMessageContaining("-Dmlops.drift-check.minImages=...");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void noTrainedModel_isAnExecutionErrorSayingWhatToRun(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("no trained model in")
        .hasMessageEndingWith(
            "; train one first, or check a registered model by setting against to its version or"
                + " alias (e.g. production) (`mvn mlops:train`; <against> in the plugin"
                + " configuration, or -Dmlops.against=...)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void unknownAlias_failsNamingIt(DriftCheckMojo mojo) throws Exception {
    ItFixtures.initRepository(project.toFile());
    prepare(mojo);
    setVariableValueToObject(mojo, "against", "production");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("has no alias 'production'; it has no aliases yet")
        .hasMessageEndingWith(
            "(`mvn mlops:promote -Dmlops.version=vN -Dmlops.alias=NAME`; <against> in the plugin"
                + " configuration, or -Dmlops.against=...)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void servedLogWithoutStoredImages_failsSayingToKeepImages(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    Path logs = Files.createDirectories(project.resolve("target/mlops/serving"));
    Files.writeString(
        logs.resolve("predictions.jsonl"),
        "{\"imageSha256\":\"" + "0".repeat(64) + "\",\"label\":\"a\"}\n");
    setVariableValueToObject(mojo, "incoming", null);
    setVariableValueToObject(mojo, "served", logs.toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "the prediction log in "
                + logs
                + " (1 predictions in 1 file) has no stored images: the server keeps the images it"
                + " serves only when keepImages is true. Serve with keepImages=true, let it serve,"
                + " then check again (<served> in the plugin configuration, or"
                + " -Dmlops.served=...)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void incomingAndServed_failsNamingBoth(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "served", project.resolve("target/mlops/serving").toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("both incoming (")
        .hasMessageEndingWith(
            "(<incoming> or <served> in the plugin configuration, or -Dmlops.incoming=... or"
                + " -Dmlops.served=...)");
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void skipFlag_skipsSayingWhy(DriftCheckMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "skipDrift", true);

    mojo.execute();

    assertThat(log.lines)
        .containsExactly("[INFO] Skipping drift-check: mlops.drift-check.skip is true");
  }
}
