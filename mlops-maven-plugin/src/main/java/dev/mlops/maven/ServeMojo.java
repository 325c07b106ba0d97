package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.serving.PredictionServer;
import dev.mlops.serving.ServeConfig;
import dev.mlops.serving.ServerLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves a model over HTTP until the build is stopped (Ctrl-C): the version an alias points at in
 * the project's registry, followed as the alias moves (promote, rollback), or without an alias the
 * trained model in {@code target/mlops/model}. Logs the URL on one line ({@code Serving <model>
 * v<N> (<alias>) at http://...}); Ctrl-C stops gracefully, answering the requests in flight. The
 * server itself is {@code mlops-serving}'s {@link PredictionServer}, the same as its runnable jar.
 */
@Mojo(name = "serve", threadSafe = true, requiresProject = true)
public final class ServeMojo extends AbstractMlopsMojo {
  /** Values of {@code runtime}; lower case because Maven matches enum names exactly. */
  public enum RuntimeOption {
    /** {@code model.onnx} in ONNX Runtime (the trained weights in DJL when there is none). */
    fp32,
    /** {@code model-int8.onnx} in ONNX Runtime. */
    int8
  }

  /**
   * Skips this goal.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.skip", defaultValue = "false")
  private boolean skipServe;

  /**
   * The model's name in the registry ({@code [a-z0-9][a-z0-9._-]*}).
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.model", defaultValue = "${project.artifactId}")
  private String model;

  /**
   * The alias to serve and follow (for example {@code production}): its version is served, and when
   * the alias moves the new version is loaded and swapped in without a restart. Without an alias
   * the trained model in {@code modelDirectory} is served.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.alias")
  private String alias;

  /**
   * The trained model served without an alias; its ONNX export beside it ({@code
   * target/mlops/model.onnx}) runs when it is of this very model.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = "mlops.serve.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * Which file of the model runs: {@code fp32} ({@code model.onnx} in ONNX Runtime) or {@code int8}
   * ({@code model-int8.onnx}).
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.runtime", defaultValue = "fp32")
  private RuntimeOption runtime;

  /**
   * The address to bind. Default 127.0.0.1: only this machine can connect; admin routes need {@code
   * adminToken} on any other address.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.host")
  private String host;

  /**
   * The port; 0 picks a free one (the URL line says which). Default 8080.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.port")
  private Integer port;

  /**
   * Most images in one inference call (dynamic batching). Default 32.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.maxBatchSize")
  private Integer maxBatchSize;

  /**
   * How long the first image of a batch waits for others, in milliseconds. Default 5.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.maxBatchDelayMs")
  private Long maxBatchDelayMs;

  /**
   * Images waiting for inference before new requests are refused with 429. Default 1024.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.queueCapacity")
  private Integer queueCapacity;

  /**
   * How long a request may wait for its predictions before it gets 503, in milliseconds. Default
   * 30000.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.requestTimeoutMs")
  private Long requestTimeoutMs;

  /**
   * Largest request body in bytes; larger requests get 413. Default 20 MB.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.maxBytes")
  private Long maxBytes;

  /**
   * Largest image (width times height, read from the header before decoding); larger ones get 413.
   * Default 40,000,000.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.maxPixels")
  private Long maxPixels;

  /**
   * How often the registry is checked for a moved alias (fetching from {@code origin} when the
   * repository has it), in seconds. Default 10.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.pollSeconds")
  private Long pollSeconds;

  /**
   * Prefix of every metric name on {@code /metrics}. Default {@code mlops}.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.metricsNamespace")
  private String metricsNamespace;

  /**
   * Where {@code predictions.jsonl} (one JSON line per served image) is written; {@code
   * drift-check} reads it with {@code served}.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = "mlops.serve.logDirectory",
      defaultValue = "${project.build.directory}/mlops/serving")
  private File logDirectory;

  /**
   * Size in bytes at which {@code predictions.jsonl} is renamed to {@code predictions-<time>.jsonl}
   * and a new one started. Default 100 MB.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.logMaxBytes")
  private Long logMaxBytes;

  /**
   * Puts every served image in the store (under its SHA-256, marked {@code "stored": true} in the
   * log), so that {@code drift-check} can check what the server saw.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.keepImages", defaultValue = "false")
  private boolean keepImages;

  /**
   * Stores the {@code image-stats} feature view of every served image in the feature store ({@code
   * <store>/features/features.db}, keyed by the image's SHA-256), computed on the decoded image as
   * drift detection does, so {@code drift-check -Dmlops.served} reads them instead of decoding
   * again. Written off the request threads; dropped and counted ({@code
   * mlops_features_dropped_total}) rather than slowing predictions when the writer falls behind.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.serve.features", defaultValue = "false")
  private boolean features;

  /**
   * The token {@code /admin} routes need ({@code Authorization: Bearer <token>}); required for them
   * when {@code host} is not a loopback address.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.adminToken")
  private String adminToken;

  /**
   * Where feedback on predictions is stored: {@code feedback.jsonl} (append-only, one JSON record
   * per line, fsynced before {@code POST /feedback} answers 201) and {@code recent/} (the images of
   * the last {@code keepRecent} predictions). {@code ingest-feedback} reads the same directory.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.feedback.directory", defaultValue = "${project.basedir}/feedback")
  private File feedbackDirectory;

  /**
   * How many recent predictions feedback can name by request id or image hash (their images are
   * kept in {@code feedbackDirectory/recent}, the oldest evicted first). Default 10000; 0 keeps
   * none, so feedback must send its image along.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.keepRecent")
  private Integer keepRecent;

  /**
   * For scripts and tests: stops the server gracefully after this many seconds and ends the goal
   * successfully (0: serve until the build is stopped).
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.stopAfterSeconds", defaultValue = "0")
  private long stopAfterSeconds;

  /**
   * For scripts and tests: stops the server gracefully when this file appears and ends the goal
   * successfully. A file left there by an earlier run is deleted at the start.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.serve.stopFile")
  private File stopFile;

  @Override
  protected String goal() {
    return "serve";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipServe);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoExecutionException {
    if (stopAfterSeconds < 0) {
      throw new InvalidInputException(
          "stopAfterSeconds is "
              + stopAfterSeconds
              + "; use 0 to serve until the build is stopped, or a number of seconds",
          String.valueOf(stopAfterSeconds),
          Remedy.setting("stopAfterSeconds"));
    }
    ServeConfig config = toConfig();
    clearStopFile();
    quietServerLibraries();
    ServerStop stop = new ServerStop(stopAfterSeconds, stopFile == null ? null : stopFile.toPath());
    try (PredictionServer server = PredictionServer.start(config, ServerLog.of(progress))) {
      getLog().info(stop.describe());
      String reason = stop.await(server);
      if (reason != null) {
        getLog().info("Stopping: " + reason);
      }
    }
  }

  /**
   * Jetty and Javalin log a dozen INFO lines per start and stop through Maven's logger; the server
   * logs its own one line per start and reload. Maven's SLF4J binding reads a logger's level from
   * system properties when the logger is created, so this keeps theirs at warnings unless the user
   * set a level (for example with -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug).
   */
  private static void quietServerLibraries() {
    for (String logger : new String[] {"org.eclipse.jetty", "io.javalin"}) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  ServeConfig toConfig() throws MlopsException {
    Path mlops = Path.of(project.getBuild().getDirectory(), "mlops");
    ServeConfig.Builder builder =
        ServeConfig.builder()
            .projectDirectory(basedir())
            .storeRoot(objectStore().root())
            .modelName(Names.requireValid(model, "model"))
            .alias(alias)
            .modelDirectory(modelDirectory.toPath())
            .cacheDirectory(mlops.resolve("registry-cache"))
            .runtime(
                runtime == RuntimeOption.int8 ? ServeConfig.Runtime.INT8 : ServeConfig.Runtime.FP32)
            .logDirectory(logDirectory.toPath())
            .keepImages(keepImages)
            .storeFeatures(features)
            .adminToken(adminToken)
            .feedbackDirectory(feedbackDirectory == null ? null : feedbackDirectory.toPath());
    if (host != null) {
      builder.host(host);
    }
    if (port != null) {
      builder.port(port);
    }
    if (maxBatchSize != null) {
      builder.maxBatchSize(maxBatchSize);
    }
    if (maxBatchDelayMs != null) {
      builder.maxBatchDelayMs(maxBatchDelayMs);
    }
    if (queueCapacity != null) {
      builder.queueCapacity(queueCapacity);
    }
    if (requestTimeoutMs != null) {
      builder.requestTimeoutMs(requestTimeoutMs);
    }
    return limits(builder).build();
  }

  private ServeConfig.Builder limits(ServeConfig.Builder builder) throws MlopsException {
    if (maxBytes != null) {
      builder.maxBytes(maxBytes);
    }
    if (maxPixels != null) {
      builder.maxPixels(maxPixels);
    }
    if (pollSeconds != null) {
      builder.pollSeconds(pollSeconds);
    }
    if (metricsNamespace != null) {
      builder.metricsNamespace(metricsNamespace);
    }
    if (logMaxBytes != null) {
      builder.logMaxBytes(logMaxBytes);
    }
    if (keepRecent != null) {
      builder.keepRecent(keepRecent);
    }
    return builder;
  }

  /** A stop file from an earlier run would stop this one at once. */
  private void clearStopFile() throws MojoExecutionException {
    if (stopFile == null) {
      return;
    }
    try {
      if (Files.deleteIfExists(stopFile.toPath())) {
        getLog().info("Deleted the stop file of an earlier run: " + stopFile);
      }
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot delete the stop file " + stopFile + " left by an earlier run: " + e, e);
    }
  }
}
