package dev.mlops.serving;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runnable jar: {@code java -jar mlops-serving-<version>.jar --repository DIR --model NAME
 * --alias production}, for machines without Maven. Same server as {@code mvn mlops:serve}; logs
 * JSON lines on standard output; stops gracefully on Ctrl-C (SIGINT/SIGTERM).
 */
@Command(
    name = "mlops-serving",
    mixinStandardHelpOptions = true,
    description = "Serves a registered image classifier over HTTP.")
public final class Main implements Callable<Integer> {
  @Option(
      names = "--repository",
      description = "Project directory inside the Git repository holding the registry")
  Path repository;

  @Option(names = "--store", description = "Object store (default: ~/.mlops/store)")
  Path store;

  @Option(names = "--model", required = true, description = "Model name in the registry")
  String model;

  @Option(names = "--alias", description = "Alias to serve and follow, e.g. production")
  String alias;

  @Option(names = "--model-dir", description = "A trained model directory, served without alias")
  Path modelDirectory;

  @Option(names = "--runtime", defaultValue = "fp32", description = "fp32 or int8")
  String runtime;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free port)")
  int port;

  @Option(names = "--max-batch-size", defaultValue = "32")
  int maxBatchSize;

  @Option(names = "--max-batch-delay-ms", defaultValue = "5")
  long maxBatchDelayMs;

  @Option(names = "--queue-capacity", defaultValue = "1024")
  int queueCapacity;

  @Option(names = "--request-timeout-ms", defaultValue = "30000")
  long requestTimeoutMs;

  @Option(names = "--max-bytes", defaultValue = "20971520")
  long maxBytes;

  @Option(names = "--max-pixels", defaultValue = "40000000")
  long maxPixels;

  @Option(names = "--decode-threads", defaultValue = "0", description = "0: one per core")
  int decodeThreads;

  @Option(names = "--inference-threads", defaultValue = "0", description = "0: one per core")
  int inferenceThreads;

  @Option(names = "--poll-seconds", defaultValue = "10")
  long pollSeconds;

  @Option(names = "--metrics-namespace", defaultValue = "mlops")
  String metricsNamespace;

  @Option(names = "--log-dir", description = "Directory of predictions.jsonl")
  Path logDirectory;

  @Option(names = "--log-max-bytes", defaultValue = "104857600")
  long logMaxBytes;

  @Option(names = "--keep-images", description = "Put served images in the store")
  boolean keepImages;

  @Option(
      names = "--admin-token",
      description = "Token for /admin routes (or env MLOPS_ADMIN_TOKEN)",
      defaultValue = "${env:MLOPS_ADMIN_TOKEN}")
  String adminToken;

  @Option(
      names = "--feedback-dir",
      description = "Directory of feedback.jsonl and the recent images (unset: no feedback)")
  Path feedbackDirectory;

  @Option(
      names = "--keep-recent",
      defaultValue = "10000",
      description = "Recent predictions feedback can name")
  int keepRecent;

  @Option(
      names = "--store-features",
      description = "Store the image-stats of served images in the feature store")
  boolean storeFeatures;

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ServerLog log = ServerLog.jsonLines(System.out);
    ServeConfig config;
    try {
      config = config();
    } catch (InvalidInputException | IllegalArgumentException e) {
      System.err.println("mlops-serving: " + e.getMessage());
      return 2;
    }
    PredictionServer server;
    try {
      server = PredictionServer.start(config, log);
    } catch (MlopsException e) {
      System.err.println("mlops-serving: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "mlops-shutdown"));
    stopped.await();
    return 0;
  }

  ServeConfig config() throws InvalidInputException {
    if (alias == null && modelDirectory == null) {
      throw new InvalidInputException(
          "give --alias (with --repository) to serve a registered version, or --model-dir", "");
    }
    ServeConfig.Builder builder =
        ServeConfig.builder()
            .projectDirectory(repository == null ? Path.of(".") : repository)
            .storeRoot(store == null ? ObjectStore.defaultRoot() : store)
            .modelName(model)
            .alias(alias)
            .modelDirectory(modelDirectory)
            .runtime(ServeConfig.Runtime.parse(runtime))
            .host(host)
            .port(port)
            .maxBatchSize(maxBatchSize)
            .maxBatchDelayMs(maxBatchDelayMs)
            .queueCapacity(queueCapacity)
            .requestTimeoutMs(requestTimeoutMs)
            .maxBytes(maxBytes)
            .maxPixels(maxPixels)
            .inferenceThreads(inferenceThreads)
            .pollSeconds(pollSeconds)
            .metricsNamespace(metricsNamespace)
            .logDirectory(logDirectory)
            .logMaxBytes(logMaxBytes)
            .keepImages(keepImages)
            .adminToken(adminToken)
            .feedbackDirectory(feedbackDirectory)
            .keepRecent(keepRecent)
            .storeFeatures(storeFeatures);
    if (decodeThreads > 0) {
      builder.decodeThreads(decodeThreads);
    }
    return builder.build();
  }
}
