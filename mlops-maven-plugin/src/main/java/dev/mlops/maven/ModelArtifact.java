package dev.mlops.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.MojoExecutionException;
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
  static final List<String> FILES =
      List.of(
          "params",
          "graph.json",
          "labels.json",
          "preprocessing.json",
          "history.json",
          "card.json",
          "fingerprint");

  private ModelArtifact() {}

  /** The coordinates under which {@link #attach} publishes the zip. */
  static String coordinates(MavenProject project) {
    return project.getGroupId()
        + ":"
        + project.getArtifactId()
        + ":zip:model:"
        + project.getVersion();
  }

  /** Zips {@code modelDirectory} into {@code target/mlops/model.zip} and attaches it. */
  static void attach(MavenProject project, MavenProjectHelper helper, Path modelDirectory)
      throws MojoExecutionException {
    Path zip = Path.of(project.getBuild().getDirectory(), "mlops", "model.zip");
    try {
      Files.createDirectories(zip.getParent());
      try (OutputStream out = Files.newOutputStream(zip);
          ZipOutputStream z = new ZipOutputStream(out)) {
        for (String file : FILES) {
          Path source = modelDirectory.resolve(file);
          if (Files.isRegularFile(source)) {
            ZipEntry entry = new ZipEntry(file);
            // A fixed time keeps the archive's bytes a function of the model alone.
            entry.setTime(0L);
            z.putNextEntry(entry);
            Files.copy(source, z);
            z.closeEntry();
          }
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write " + zip + ": " + e.getMessage(), e);
    }
    helper.attachArtifact(project, "zip", "model", zip.toFile());
  }
}
