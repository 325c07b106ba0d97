package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.predict.BatchPrediction;
import dev.mlops.core.predict.PredictRequest;
import dev.mlops.core.predict.PredictResult;
import dev.mlops.core.registry.ModelVersionCard;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Batch inference: predicts every image under {@code incoming} (recursively; hidden files left out)
 * with the project's exported ONNX model ({@code target/mlops/model.onnx}) or a registered version
 * or alias ({@code -Dmlops.version=}), in ONNX Runtime in the build's JVM, and writes one Parquet
 * file atomically: {@code path, sha256, label, confidence, probabilities} (an array in the order of
 * the file's {@code mlops.labels} metadata) and {@code error} (an image that cannot be decoded is a
 * row with an error, not a failure). Logs a progress line on long runs and one summary line with
 * the throughput. The Spark job {@code dev.mlops.spark.PredictJob} writes the same file from a
 * cluster.
 */
@Mojo(name = "predict", threadSafe = true, requiresProject = true)
public final class PredictMojo extends AbstractRegistryMojo {
  /** Failed images named in the log. */
  private static final int LISTED_ERRORS = 5;

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.predict.skip", defaultValue = "false")
  private boolean skipPredict;

  /**
   * The images to predict (a directory, searched recursively).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.incoming")
  private File incoming;

  /**
   * The Parquet file to write.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.predict.output",
      defaultValue = "${project.build.directory}/mlops/predictions.parquet")
  private File output;

  /**
   * A registered version ({@code v3} or {@code 3}) or alias ({@code production}) of {@code model}
   * to predict with, restored from the store with its ONNX file; unset: {@code modelFile}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.version")
  private String version;

  /**
   * The exported model to predict with when no {@code version} is named (what {@code export-onnx}
   * writes); a directory holding {@code model.onnx} works too.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.predict.modelFile",
      defaultValue = "${project.build.directory}/mlops/model.onnx")
  private File modelFile;

  /**
   * Images per forward pass.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.predict.batchSize")
  private Integer batchSize;

  /**
   * Decoding threads; 0: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.predict.workers")
  private Integer workers;

  /**
   * ONNX Runtime intra-op threads; 0: one per physical core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.predict.threads")
  private Integer threads;

  /**
   * Runs the batch inference as an Apache Spark job ({@code PredictJob}: one ONNX Runtime session
   * per executor) on this master, for example {@code local[2]} or {@code spark://host:7077}; the
   * Parquet file is the one this machine would write. Unset: in this JVM.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.spark.master")
  private String sparkMaster;

  @Override
  protected String goal() {
    return "predict";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipPredict);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoExecutionException {
    if (incoming == null) {
      throw new InvalidInputException(
          "no images to predict: name their directory with incoming",
          "",
          Remedy.setting("incoming"));
    }
    if (onSpark(sparkMaster)) {
      sparkJobs(progress).run(sparkMaster, "dev.mlops.spark.PredictJob", sparkArguments(progress));
      return;
    }
    PredictRequest request;
    try {
      request =
          PredictRequest.builder()
              .setModel(model(progress))
              .setFiles(incoming.toPath(), output.toPath())
              .optBatchSize(batchSize)
              .optWorkers(workers)
              .optThreads(threads)
              .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), "", Remedy.NONE);
    }
    PredictResult result = new BatchPrediction(progress).run(request);
    for (String error :
        result.firstErrors().subList(0, Math.min(LISTED_ERRORS, result.firstErrors().size()))) {
      progress.warn("predict: " + error);
    }
    getLog().info(result.summary());
  }

  /** PredictJob's command line: the same model, images, file and batch size. */
  private List<String> sparkArguments(Progress progress) throws MlopsException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--model", model(progress).toAbsolutePath().toString()));
    args.addAll(List.of("--incoming", incoming.getAbsolutePath()));
    args.addAll(List.of("--output", output.getAbsolutePath()));
    if (batchSize != null) {
      args.addAll(List.of("--batch-size", batchSize.toString()));
    }
    if (threads != null) {
      args.addAll(List.of("--threads", threads.toString()));
    }
    return args;
  }

  /** The ONNX file: the registered version's, restored from the store, or {@code modelFile}. */
  private Path model(Progress progress) throws MlopsException {
    if (version == null || version.isBlank()) {
      return modelFile.toPath();
    }
    String name = modelName();
    Path[] dir = new Path[1];
    withModels(
        progress,
        true,
        (registry, repo) -> {
          ModelVersionCard card = registry.card(name, version.trim());
          dir[0] =
              registry.restore(
                  card, Path.of(project.getBuild().getDirectory(), "mlops", "registry-cache"));
          progress.info("predict: model " + name + " " + card.versionName() + " from " + dir[0]);
        });
    return dir[0];
  }
}
