package dev.mlops.maven;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.registry.RetrainDecision;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Says, from the registry alone, whether the model behind an alias is due for retraining: its
 * dataset has a newer version than the one it was trained on, or its latest drift check (recorded
 * by {@code drift-check}) recommends retraining, or the alias is not set. Logs the reasons and
 * writes them to {@code target/mlops/retrain-check.json} and, for CI steps, {@code
 * retrain-check.properties} next to it ({@code retrain=true|false}, ready for {@code cat ... >>
 * "$GITHUB_OUTPUT"}). Reads no model file and loads no engine.
 */
@Mojo(name = "retrain-check", threadSafe = true, aggregator = false, requiresProject = true)
public final class RetrainCheckMojo extends AbstractRegistryMojo {
  /** The file name of the key=value summary written next to {@link #output}. */
  static final String PROPERTIES = "retrain-check.properties";

  /**
   * The alias whose model is checked.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.alias", defaultValue = "production")
  private String alias;

  /**
   * Where the decision is written as JSON; {@code retrain-check.properties} goes next to it.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.retrain-check.output",
      defaultValue = "${project.build.directory}/mlops/retrain-check.json")
  private File output;

  /**
   * Fails the build (after writing the files) when retraining is due, so that a pipeline step can
   * branch on the exit code.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.retrain-check.failWhenDue", defaultValue = "false")
  private boolean failWhenDue;

  @Override
  protected String goal() {
    return "retrain-check";
  }

  @Override
  protected void run(Progress progress)
      throws MlopsException, MojoExecutionException, MojoFailureException {
    String name = modelName();
    RetrainDecision[] decided = new RetrainDecision[1];
    withModels(progress, true, (registry, repo) -> decided[0] = registry.retrainCheck(name, alias));
    RetrainDecision decision = decided[0];
    Path json = output.toPath();
    Path properties = json.resolveSibling(PROPERTIES);
    write(json, Json.pretty(decision));
    write(properties, properties(decision).getBytes(StandardCharsets.UTF_8));
    log(decision, " (written to " + shown(json) + ")");
    if (decision.due() && failWhenDue) {
      throw new MojoFailureException(
          "Retraining is due for model "
              + name
              + ": "
              + String.join("; ", decision.reasons())
              + " (the build fails because -Dmlops.retrain-check.failWhenDue=true)");
    }
  }

  /** The reasons when due, then one summary line. */
  private void log(RetrainDecision decision, String written) {
    String name = decision.model();
    if (!decision.due()) {
      getLog()
          .info(
              "No retraining due for "
                  + name
                  + " ("
                  + alias
                  + " = v"
                  + decision.version()
                  + "): "
                  + decision.reasons().get(0)
                  + written);
      return;
    }
    decision.reasons().forEach(r -> getLog().info("  " + r));
    int n = decision.reasons().size();
    getLog()
        .info(
            "Retraining due for " + name + ": " + n + (n == 1 ? " reason" : " reasons") + written);
  }

  /**
   * {@code key=value} lines that a shell or {@code $GITHUB_OUTPUT} reads: one line per key, so line
   * breaks inside a value are written as {@code \n}.
   */
  static String properties(RetrainDecision decision) {
    List<String> lines =
        List.of(
            "retrain=" + decision.due(),
            "model=" + decision.model(),
            "alias=" + decision.alias(),
            "version=" + orEmpty(decision.version()),
            "dataset=" + orEmpty(decision.dataset()),
            "datasetVersion=" + orEmpty(decision.datasetVersion()),
            "latestDatasetVersion=" + orEmpty(decision.latestDatasetVersion()),
            "reasons=" + oneLine(String.join(" | ", decision.reasons())));
    return String.join("\n", lines) + "\n";
  }

  private static String orEmpty(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String oneLine(String value) {
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  private static void write(Path file, byte[] bytes) throws MojoExecutionException {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot write " + file + ": " + e.getMessage() + "; check -Dmlops.retrain-check.output",
          e);
    }
  }

  /** {@code file} relative to the project when it is inside it, as users see it. */
  private String shown(Path file) {
    Path base = basedir().toAbsolutePath().normalize();
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }
}
