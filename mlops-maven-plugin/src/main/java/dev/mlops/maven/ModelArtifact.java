package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.model.ModelArchive;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * The trained model as a Maven artifact: the model directory's files in one zip, attached with
 * classifier {@code model}, so {@code mvn install} and {@code mvn deploy} carry it like any other
 * artifact. Attached by {@code train} because the install plugin runs before goals bound later in
 * the {@code install} phase.
 */
final class ModelArtifact {
  /** The files of a model directory that go into the zip. */
  static final List<String> FILES = ModelArchive.FILES;

  private ModelArtifact() {}

  /** The coordinates under which {@link #attach} publishes the zip. */
  static String coordinates(MavenProject project) {
    return project.getGroupId()
        + ":"
        + project.getArtifactId()
        + ":zip:model:"
        + project.getVersion();
  }

  /**
   * Zips {@code modelDirectory} into {@code target/mlops/model.zip} (unless it holds this model
   * already) and attaches it.
   */
  static void attach(MavenProject project, MavenProjectHelper helper, Path modelDirectory)
      throws MlopsException {
    Path zip = Path.of(project.getBuild().getDirectory(), "mlops", "model.zip");
    ModelArchive.write(modelDirectory, zip);
    helper.attachArtifact(project, "zip", "model", zip.toFile());
  }
}
