package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.export.TinyOnnxModels;
import dev.mlops.core.predict.PredictFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict on an exported model: the Parquet file (written on the plugin's class path, which has no
 * Hadoop) and the summary line; no images or no model as BUILD FAILURE naming the property.
 */
@MojoTest
@Tag("pytorch")
class PredictMojoTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();

  private PredictMojo prepare(PredictMojo mojo) throws Exception {
    mojo.setLog(log);
    Path project = Files.createDirectories(tmp.resolve("project"));
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "splitFractions", "0.8,0.1,0.1");
    setVariableValueToObject(
        mojo, "modelFile", project.resolve("target/mlops/model.onnx").toFile());
    setVariableValueToObject(mojo, "output", project.resolve("out/p.parquet").toFile());
    return mojo;
  }

  @Test
  @InjectMojo(goal = "predict")
  void predict_exportedModel_writesEveryImageAndLogsTheSummary(PredictMojo mojo) throws Exception {
    prepare(mojo);
    TinyOnnxModels.cnnSmall(tmp.resolve("project/target/mlops"), 2, 16, 3);
    Path incoming = PredictFixtures.write(tmp.resolve("incoming"), 20, 4);
    setVariableValueToObject(mojo, "incoming", incoming.toFile());

    mojo.execute();

    // the rows are read back in the core's and mlops-spark's tests (the reader needs Hadoop)
    Path out = tmp.resolve("project/out/p.parquet");
    assertThat(Files.readAllBytes(out)).startsWith("PAR1".getBytes()).endsWith("PAR1".getBytes());
    assertThat(out.getParent()).isDirectoryNotContaining("glob:**.tmp");
    assertThat(log.lines)
        .anyMatch(
            l ->
                l.startsWith("[INFO] predict: 22 images (20 predicted, 2 failed) in ")
                    && l.contains(" images/s -> " + out));
    assertThat(log.lines)
        .anyMatch(l -> l.startsWith("[WARNING] predict: ") && l.contains("a/notes.jpg"));
  }

  @Test
  @InjectMojo(goal = "predict")
  void predict_noIncoming_failsNamingTheProperty(PredictMojo mojo) throws Exception {
    prepare(mojo);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dmlops.incoming");
  }

  @Test
  @InjectMojo(goal = "predict")
  void predict_notExported_failsNamingTheFileAndTheFix(PredictMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "incoming", Files.createDirectories(tmp.resolve("in")).toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("model.onnx does not exist")
        .hasMessageContaining("-Dmlops.predict.modelFile");
  }
}
