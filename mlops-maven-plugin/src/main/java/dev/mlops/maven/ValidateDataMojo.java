package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.Severity;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the image dataset before anything is trained on it: undecodable and oversized images,
 * missing or unexpected classes, class imbalance, duplicates and train/val/test leakage (exact and
 * near), small images and mixed channel layouts. Any error fails the build.
 */
@Mojo(name = "validate-data", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public final class ValidateDataMojo extends AbstractMlopsMojo {
  /** How many files of one finding are printed before "... and N more". */
  private static final int FILES_PER_FINDING = 20;

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.skip", defaultValue = "false")
  private boolean skipValidate;

  /**
   * The classes every split must have; a class folder not listed here is an error. Empty: the
   * classes are whatever folders exist.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.classes")
  private List<String> classes;

  /**
   * Largest image (width x height, read from the header) that is decoded; larger is an error, so a
   * decompression bomb cannot exhaust memory. Default 100000000.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.maxPixels")
  private Long maxPixels;

  /**
   * Largest allowed ratio of the biggest to the smallest class in a split. Default 1.5.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.maxImbalance")
  private Double maxImbalance;

  /**
   * Makes class imbalance an error instead of a warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.failOnImbalance")
  private Boolean failOnImbalance;

  /**
   * Perceptual-hash Hamming distance (0-16) at or below which images in different splits count as
   * near-duplicates. Default 4.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.nearDuplicateDistance")
  private Integer nearDuplicateDistance;

  /**
   * Images narrower than this are reported. Default 1.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.minWidth")
  private Integer minWidth;

  /**
   * Images lower than this are reported. Default 1.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.minHeight")
  private Integer minHeight;

  /**
   * Threads that decode images. Default: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.threads")
  private Integer threads;

  /**
   * Checks to switch off, by id: decodable, oversized, classes, imbalance, duplicates, leakage,
   * near-duplicates, min-size, channels, other-files.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.validate-data.disabledChecks")
  private List<String> disabledChecks;

  /**
   * Where the machine-readable result is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.validate-data.output",
      defaultValue = "${project.build.directory}/mlops/validation.json")
  private File output;

  /**
   * Runs the validation as the Spark job ValidateJob on this master ({@code local[2]}, {@code
   * spark://host:7077}, {@code yarn}, ...): the images are inspected and the near-duplicate join
   * runs on the executors, and the job writes the same {@code validation.json} as a run without it;
   * unset: on this machine. The job runs in a forked JVM with {@code dev.mlops:mlops-spark} and
   * Spark, which Maven resolves on first use; the data directory must be readable by every executor
   * under the same path.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.spark.master")
  private String sparkMaster;

  @Override
  protected String goal() {
    return "validate-data";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipValidate);
  }

  @Override
  protected void run(Progress progress)
      throws MlopsException, MojoExecutionException, MojoFailureException {
    ValidationConfig config = toConfig();
    ValidationResult result;
    if (onSpark(sparkMaster)) {
      result = validateOnSpark(config, progress);
    } else {
      ScanResult scan =
          new DatasetScanner(progress)
              .scan(new ScanConfig(dataDirectory.toPath(), splitPolicy(), hashCacheFile()));
      result =
          new DataValidator()
              .validateOrReuse(dataDirectory.toPath(), scan, config, output.toPath(), progress);
    }
    logSummary(result.summaryLines(FILES_PER_FINDING));
    if (!result.passed()) {
      throw new MojoFailureException(
          "Data validation failed with "
              + result.errors()
              + " error(s) in "
              + FileNames.display(dataDirectory.toPath())
              + ": fix or remove the files listed above (details in "
              + output
              + "), or switch a check off with <disabledChecks>");
    }
  }

  /**
   * Runs ValidateJob, which scans on its driver, writes {@code output} (or finds it up to date) and
   * exits 0 whatever the findings; the findings are then read back, so they are logged and fail the
   * build exactly as a local run's.
   */
  private ValidationResult validateOnSpark(ValidationConfig config, Progress progress)
      throws MlopsException, MojoExecutionException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--data", dataDirectory.getAbsolutePath()));
    args.addAll(List.of("--output", output.getAbsolutePath()));
    args.addAll(List.of("--splitFractions", splitFractions, "--splitSeed", "" + splitSeed));
    args.addAll(List.of("--hashCache", hashCacheFile().toAbsolutePath().toString()));
    args.addAll(List.of("--failOnErrors", "false", "--summary", "false"));
    if (!config.classes().isEmpty()) {
      args.addAll(List.of("--classes", String.join(",", config.classes())));
    }
    args.addAll(List.of("--maxPixels", "" + config.maxPixels()));
    args.addAll(List.of("--maxImbalance", "" + config.maxImbalance()));
    args.addAll(List.of("--failOnImbalance", "" + config.failOnImbalance()));
    args.addAll(List.of("--nearDuplicateDistance", "" + config.nearDuplicateDistance()));
    args.addAll(
        List.of("--minWidth", "" + config.minWidth(), "--minHeight", "" + config.minHeight()));
    if (!config.disabledChecks().isEmpty()) {
      args.addAll(
          List.of("--disabledChecks", String.join(",", new TreeSet<>(config.disabledChecks()))));
    }
    sparkJobs(progress).run(sparkMaster, "dev.mlops.spark.ValidateJob", args);
    return ValidationResult.read(output.toPath());
  }

  /**
   * Logs each finding at its severity, with its indented file lines at the same level, and
   * everything else at info.
   */
  private void logSummary(List<String> lines) {
    Severity level = null;
    for (String line : lines) {
      if (line.startsWith(Severity.ERROR + " ") || line.startsWith(Severity.WARNING + " ")) {
        level = line.startsWith(Severity.ERROR + " ") ? Severity.ERROR : Severity.WARNING;
        line = line.substring(level.name().length() + 1);
      } else if (!line.startsWith("    ")) {
        level = null;
      }
      if (level == Severity.ERROR) {
        getLog().error(line);
      } else if (level == Severity.WARNING) {
        getLog().warn(line);
      } else {
        getLog().info(line);
      }
    }
  }

  private ValidationConfig toConfig() throws MlopsException {
    return ValidationConfig.builder()
        .optClasses(classes)
        .optMaxPixels(maxPixels)
        .optMaxImbalance(maxImbalance)
        .optFailOnImbalance(failOnImbalance)
        .optNearDuplicateDistance(nearDuplicateDistance)
        .optMinWidth(minWidth)
        .optMinHeight(minHeight)
        .optThreads(threads)
        .optDisabledChecks(disabledChecks == null ? null : new HashSet<>(disabledChecks))
        .build();
  }
}
