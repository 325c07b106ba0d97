package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.registry.ExportedFiles;
import dev.mlops.core.registry.RegisterRequest;
import dev.mlops.core.registry.RegisterResult;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Registers the trained, evaluated model as a version in the Git registry: stores its files,
 * commits {@code models/<name>/v<N>/card.json} to {@code mlops-registry} and tags the source commit
 * {@code model/<name>/v<N>}. The dataset is versioned first (a no-op when it already is), so a
 * model never points at data that cannot be restored. A model whose fingerprint is already
 * registered is that version. The card records the Maven coordinates of the model zip that {@code
 * train} attached, which {@code mvn deploy} publishes.
 */
@Mojo(name = "register", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public final class RegisterMojo extends AbstractRegistryMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.register.skip", defaultValue = "false")
  private boolean skipRegister;

  /**
   * The trained model to register.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.register.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * The model's evaluation ({@code evaluate} writes it); its metrics go into the version's card.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.register.evaluation",
      defaultValue = "${project.build.directory}/mlops/evaluation.json")
  private File evaluation;

  /**
   * The ONNX export's result ({@code export-onnx} writes it); the ONNX files that passed their
   * checks are stored with the version and listed in its card.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.register.export",
      defaultValue = "${project.build.directory}/mlops/export.json")
  private File export;

  @Override
  protected String goal() {
    return "register";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipRegister);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    String name = modelName();
    String datasetName = datasetName();
    ScanResult scan = scan(progress);
    Optional<EvaluationReport> report =
        evaluation.isFile()
            ? Optional.of(EvaluationReport.read(evaluation.toPath()))
            : Optional.empty();
    if (report.isEmpty()) {
      getLog().warn("No evaluation at " + evaluation + "; registering without metrics");
    }
    String coordinates = ModelArtifact.coordinates(project);
    Map<String, Path> onnx = ExportedFiles.of(export.toPath(), modelDirectory.toPath(), progress);
    Map<String, String> allCoordinates = new TreeMap<>(coordinatesOfEach(coordinates));
    onnx.keySet().forEach(f -> allCoordinates.put(f, onnxCoordinates(f)));
    withModels(
        progress,
        false,
        (registry, repo) -> {
          // Versioning first is a no-op for known content and guarantees restorable data.
          new DatasetVersions(repo, objectStore(), progress)
              .version(
                  new VersionRequest(
                      datasetName, scan.manifest(), dataDirectory.toPath(), Optional.empty(), push))
              .summaryLines()
              .forEach(getLog()::info);
          RegisterResult result =
              registry.register(
                  RegisterRequest.builder()
                      .setModel(name, modelDirectory.toPath())
                      .setDataset(datasetName)
                      .optEvaluation(report.orElse(null))
                      .optArtifacts(onnx)
                      .optCoordinates(allCoordinates)
                      .optPush(push, null)
                      .build());
          result.summaryLines().forEach(getLog()::info);
        });
  }

  /** Where {@code export-onnx} attached the file: classifier {@code onnx} or {@code onnx-int8}. */
  private String onnxCoordinates(String file) {
    String classifier = file.equals(OnnxExporter.INT8_FILE) ? "onnx-int8" : "onnx";
    return project.getGroupId()
        + ":"
        + project.getArtifactId()
        + ":onnx:"
        + classifier
        + ":"
        + project.getVersion();
  }

  /** Every model file is published inside the one attached zip. */
  private static Map<String, String> coordinatesOfEach(String coordinates) {
    Map<String, String> each = new TreeMap<>();
    ModelArtifact.FILES.forEach(f -> each.put(f, coordinates));
    return each;
  }
}
