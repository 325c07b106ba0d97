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
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.retrain-check.skip", defaultValue = "false")
  private boolean skipRetrainCheck;

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
  protected String goalSkipReason() {
    return skippedBy(skipRetrainCheck);
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
              + ". To retrain: "
              + nextStep(decision)
              + " (the build fails because "
              + PluginParameters.get().cli(goal(), "failWhenDue", "true")
              + ")");
    }
  }

  /**
   * The commands that act on {@code decision}, for people reading the log (the core's reasons say
   * what to do in words); null when there is nothing to do.
   */
  static String nextStep(RetrainDecision decision) {
    PluginParameters p = PluginParameters.get();
    String alias = decision.alias();
    String promote =
        "mvn mlops:promote "
            + p.cli("promote", "version", "vN")
            + " "
            + p.cli("promote", "alias", alias);
    Integer trained = decision.datasetVersion();
    Integer latest = decision.latestDatasetVersion();
    if (decision.version() == null) {
      return "mvn install, then " + promote;
    }
    if (trained != null && latest != null && latest > trained) {
      return "mvn mlops:checkout-data "
          + p.cli("checkout-data", "dataset", decision.dataset())
          + " "
          + p.cli("checkout-data", "version", "v" + latest)
          + ", then mvn install, then "
          + promote;
    }
    if (decision.due()) {
      return "mvn install with the new images in the dataset, then " + promote;
    }
    if (decision.drift() == null) {
      return "mvn mlops:drift-check "
          + p.cli("drift-check", "incoming", "DIR")
          + " "
          + p.cli("drift-check", "against", alias);
    }
    return null;
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
      String next = nextStep(decision);
      if (next != null) {
        getLog().info("To record a drift check: " + next);
      }
      return;
    }
    decision.reasons().forEach(r -> getLog().info("  " + r));
    getLog().info("  To retrain: " + nextStep(decision));
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
          "cannot write "
              + file
              + ": "
              + e.getMessage()
              + "; check "
              + PluginParameters.get().flag("retrain-check", "output"),
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
