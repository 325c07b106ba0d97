package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.eval.EvaluationReport;
import dev.mlops.core.registry.DriftCheck;
import dev.mlops.core.registry.DriftCheckRequest;
import dev.mlops.core.registry.DriftCheckResult;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks incoming images (a directory, or the images a prediction server kept) for drift against
 * the baseline saved with a model (the one in {@code target/mlops/model}, or a registered version
 * or alias), writes {@code target/mlops/drift.json} and {@code report/drift.html}, records the
 * verdict in the registry for a registered model, and fails the build on drift when {@code
 * failOnDrift} is on.
 */
@Mojo(name = "drift-check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class DriftCheckMojo extends AbstractRegistryMojo {
  /**
   * The incoming images to check: a directory of images, optionally in class folders named after
   * the model's classes (then accuracy is checked too). Without it the goal is skipped.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.incoming")
  private File incoming;

  /**
   * Instead of {@code incoming}: the log directory of a prediction server that kept the images it
   * served ({@code mvn mlops:serve -Dmlops.serve.keepImages=true} writes {@code
   * target/mlops/serving}). Every image its {@code predictions*.jsonl} files mark as stored is
   * restored from the store into {@code target/mlops/served-images} and checked as unlabeled
   * incoming images.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.served")
  private File served;

  /**
   * A registered version ({@code v3}) or alias ({@code production}) to check against, instead of
   * the model in {@code modelDirectory}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.against")
  private String against;

  /**
   * Whether drift fails the build (BUILD FAILURE), so that a pipeline can trigger retraining.
   * Default: true on CI (the {@code CI} or {@code JENKINS_URL} environment variable is set), false
   * otherwise.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.failOnDrift")
  private Boolean failOnDrift;

  /**
   * The significance level across all tests of a check (Holm-Bonferroni corrected), in (0,1).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.pValue", defaultValue = "0.05")
  private double pValue;

  /**
   * The population stability index from which a significant shift counts as drift (0.1 is reported
   * as moderate).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.psiThreshold", defaultValue = "0.2")
  private double psiThreshold;

  /**
   * How far accuracy on labeled incoming images may fall below the model's evaluated accuracy.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.maxAccuracyDrop", defaultValue = "0.05")
  private double maxAccuracyDrop;

  /**
   * Fewer readable incoming images give "not enough data" instead of a verdict.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.minImages", defaultValue = "50")
  private int minImages;

  /**
   * Permutations of the embedding kernel test.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.permutations", defaultValue = "200")
  private int permutations;

  /**
   * Seeds the permutations and subsamples, so a check is reproducible.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.seed", defaultValue = "42")
  private long seed;

  /**
   * Largest incoming image (width x height, read from the header) that is decoded; larger ones are
   * skipped and listed as unreadable, so a decompression bomb cannot exhaust memory. Default
   * 100000000.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.maxPixels")
  private Long maxPixels;

  /**
   * Whether to record the verdict in the registry when the checked model is a registered version
   * (pushed with {@code -Dmlops.push=true}); {@code mlops:retrain-check} reads it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.record", defaultValue = "true")
  private boolean record;

  /**
   * Whether image features and the model's embeddings are read from the feature store (images
   * checked or materialized before are not decoded again) and what is computed is kept there.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.featureStore", defaultValue = "true")
  private boolean featureStore;

  /**
   * The trained model checked when {@code against} is not set.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.drift-check.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * Where the machine-readable result is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.drift-check.output",
      defaultValue = "${project.build.directory}/mlops/drift.json")
  private File output;

  /**
   * Where the HTML page ({@code drift.html}) is written, next to the evaluation report.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.drift-check.reportDirectory",
      defaultValue = "${project.build.directory}/mlops/report")
  private File reportDirectory;

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.drift-check.skip", defaultValue = "false")
  private boolean skipDrift;

  @Override
  protected String goal() {
    return "drift-check";
  }

  @Override
  protected String goalSkipReason() {
    if (skipDrift) {
      return skippedBy(true);
    }
    return incoming == null && served == null
        ? "no incoming images to check (set -Dmlops.incoming=DIR or <incoming>, or"
            + " -Dmlops.served=LOG_DIR or <served> for the images a server kept)"
        : null;
  }

  @Override
  protected void run(Progress progress)
      throws MlopsException, MojoExecutionException, MojoFailureException {
    DriftConfig config =
        DriftConfig.builder()
            .optPValue(pValue)
            .optPsiThreshold(psiThreshold)
            .optMaxAccuracyDrop(maxAccuracyDrop)
            .optMinImages(minImages)
            .optPermutations(permutations)
            .optSeed(seed)
            .optMaxPixels(maxPixels)
            .build();
    Path mlops = Path.of(project.getBuild().getDirectory(), "mlops");
    DriftCheckResult result =
        new DriftCheck(progress)
            .check(
                DriftCheckRequest.builder()
                    .setIncoming(incoming == null ? null : incoming.toPath())
                    .optServed(
                        served == null ? null : served.toPath(), mlops.resolve("served-images"))
                    .setOutputFile(output.toPath())
                    .optFeatureStore(featureStore)
                    .optAgainst(against)
                    .optModelDirectory(modelDirectory.toPath())
                    .optEvaluationFile(mlops.resolve(EvaluationReport.FILE_NAME))
                    .optRegistry(model, basedir())
                    .optStore(objectStore())
                    .optCacheDirectory(mlops.resolve("registry-cache"))
                    .optConfig(config)
                    .optReportDirectory(reportDirectory.toPath())
                    .optRecord(record)
                    .optPushRemote(push ? "origin" : null)
                    .build());
    finish(result.report());
  }

  private void finish(DriftReport report) throws MojoFailureException {
    for (String reason : report.reasons()) {
      if (report.drifted()) {
        getLog().warn("Drift: " + reason);
      } else {
        getLog().info(reason);
      }
    }
    getLog().info("Drift report: " + reportDirectory.toPath().resolve("drift.html"));
    getLog().info(report.summary() + " (" + output + ")");
    boolean fail = failOnDrift != null ? failOnDrift : onCi();
    if (report.drifted() && fail) {
      throw new MojoFailureException(
          "Drift detected against "
              + report.model().label()
              + ": "
              + report.summary()
              + " (reasons above and in "
              + output
              + "). Retrain on current data (`mvn install` with the new images in the dataset),"
              + " or set "
              + PluginParameters.get().cli(goal(), "failOnDrift", "false")
              + " to only report it");
    }
    if (report.drifted()) {
      getLog().info("Not failing the build: failOnDrift is off (on by default on CI)");
    }
  }

  /** Whether the build runs on a CI server: the variables GitHub, GitLab and Jenkins set. */
  private static boolean onCi() {
    Map<String, String> env = System.getenv();
    String ci = env.get("CI");
    return (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false"))
        || env.containsKey("JENKINS_URL");
  }
}
