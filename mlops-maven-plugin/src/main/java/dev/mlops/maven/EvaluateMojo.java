package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.eval.BaselineProvider;
import dev.mlops.core.eval.ClassMetrics;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.eval.EvaluationRequest;
import dev.mlops.core.eval.GateResult;
import dev.mlops.core.eval.ModelEvaluator;
import dev.mlops.core.eval.QualityGates;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ModelRegistry;
import java.io.File;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Evaluates the trained model on the test split (val when there is none) and fails the build when a
 * quality gate is missed. Bound to {@code verify}, so {@code -DskipTests} does not skip the gates.
 * Writes {@code target/mlops/evaluation.json} and the HTML report.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class EvaluateMojo extends AbstractMlopsMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.skip", defaultValue = "false")
  private boolean skipEvaluate;

  /**
   * Lowest acceptable accuracy on the evaluated split, in [0,1].
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.minAccuracy")
  private Double minAccuracy;

  /**
   * Lowest acceptable macro-averaged F1, in [0,1].
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.minMacroF1")
  private Double minMacroF1;

  /**
   * Highest acceptable log loss (cross-entropy, natural log).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.maxLogLoss")
  private Double maxLogLoss;

  /**
   * Registry alias (e.g. {@code production}) whose model this one must not be worse than by more
   * than {@code maxRegression} in accuracy; until a model holds the alias the gate is skipped with
   * a warning. An alias the model never had, while it has had others, fails the build.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.compareTo")
  private String compareTo;

  /**
   * The model's name in the registry, for {@code compareTo}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.model", defaultValue = "${project.artifactId}")
  private String model;

  /**
   * Largest allowed accuracy drop against the {@code compareTo} model, in [0,1]. Default 0.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.maxRegression")
  private Double maxRegression;

  /**
   * Images per forward pass. Default 64.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.evaluate.batchSize")
  private Integer batchSize;

  /**
   * The trained model to evaluate.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.evaluate.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * Where the machine-readable result is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.evaluate.output",
      defaultValue = "${project.build.directory}/mlops/evaluation.json")
  private File output;

  /**
   * Where the HTML report ({@code index.html}) is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.evaluate.reportDirectory",
      defaultValue = "${project.build.directory}/mlops/report")
  private File reportDirectory;

  @Override
  protected String goal() {
    return "evaluate";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipEvaluate);
  }

  @Override
  protected void run(Progress progress)
      throws MlopsException, MojoExecutionException, MojoFailureException {
    QualityGates gates =
        new QualityGates(minAccuracy, minMacroF1, maxLogLoss, compareTo, maxRegression);
    ScanResult scan =
        new DatasetScanner(progress)
            .scan(new ScanConfig(dataDirectory.toPath(), splitPolicy(), hashCacheFile()));
    if (compareTo == null) {
      finish(evaluate(progress, gates, scan, BaselineProvider.NONE));
      return;
    }
    String name = Names.requireValid(model, "model");
    EvaluationReport report;
    try (RegistryRepository repo = RegistryRepository.open(basedir())) {
      ModelRegistry registry = new ModelRegistry(repo, objectStore(), progress);
      report = evaluate(progress, gates, scan, registry.baseline(name));
    }
    finish(report);
  }

  private EvaluationReport evaluate(
      Progress progress, QualityGates gates, ScanResult scan, BaselineProvider baseline)
      throws MlopsException {
    return new ModelEvaluator(progress)
        .evaluate(
            EvaluationRequest.builder()
                .setModelDirectory(modelDirectory.toPath())
                .setData(dataDirectory.toPath(), scan.manifest())
                .setOutputFile(output.toPath())
                .optGates(gates)
                .optBaseline(baseline)
                .optReportDirectory(reportDirectory.toPath())
                .optBatchSize(batchSize)
                .build());
  }

  private void finish(EvaluationReport report) throws MojoFailureException {
    log(report.metrics());
    for (GateResult gate : report.gates()) {
      if (gate.skipped()) {
        getLog().warn(gate.message());
      } else if (gate.passed()) {
        getLog().info("Gate passed: " + gate.message());
      } else {
        getLog().error("Gate failed: " + gate.message());
      }
    }
    getLog().info("Report: " + reportDirectory.toPath().resolve("index.html"));
    if (!report.passed()) {
      throw new MojoFailureException(
          "The model missed "
              + report.failures().size()
              + " quality gate(s): "
              + report.failures().stream()
                  .map(GateResult::message)
                  .collect(Collectors.joining("; "))
              + ". Improve the model (more data, epochs, another architecture) or change the gate"
              + " in the plugin's <configuration>; details in "
              + output);
    }
  }

  private void log(EvaluationMetrics m) {
    getLog()
        .info(
            String.format(
                Locale.ROOT,
                "Accuracy %.4f, macro F1 %.4f, weighted F1 %.4f, log loss %.4f, ECE %.4f (%d images)",
                m.accuracy(),
                m.macroF1(),
                m.weightedF1(),
                m.logLoss(),
                m.expectedCalibrationError(),
                m.n()));
    for (ClassMetrics c : m.perClass()) {
      getLog()
          .info(
              String.format(
                  Locale.ROOT,
                  "  %-12s precision %.3f  recall %.3f  F1 %.3f  support %d",
                  c.label(),
                  c.precision(),
                  c.recall(),
                  c.f1(),
                  c.support()));
    }
  }
}
