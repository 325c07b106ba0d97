package dev.mlops.serving;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the prediction server serves and how. Build with {@link #builder()}; every setting has the
 * default a user gets from {@code mvn mlops:serve} without flags.
 *
 * @param projectDirectory the project whose Git registry holds the model; null when serving a model
 *     directory only
 * @param storeRoot the content-addressed store with the model files (and kept images)
 * @param modelName the model's name in the registry
 * @param alias the alias to serve and follow (for example {@code production}); null serves {@code
 *     modelDirectory} and never reloads
 * @param modelDirectory a trained model directory, served when {@code alias} is null
 * @param cacheDirectory where registry versions are restored (hash-verified) before loading
 * @param runtime which file of a version runs
 * @param host the address to bind; {@code 127.0.0.1} unless told otherwise
 * @param port the port; 0 picks a free one
 * @param maxBatchSize most images in one inference call
 * @param maxBatchDelay how long the first request of a batch waits for others
 * @param queueCapacity images waiting for inference before new requests get 429
 * @param requestTimeout how long a request may wait for its prediction before a 503
 * @param maxBytes largest accepted request body
 * @param maxPixels largest accepted image (width times height), read from the header
 * @param decodeThreads threads decoding and preprocessing images beside inference
 * @param inferenceThreads ONNX Runtime intra-op threads (0: one per core)
 * @param pollInterval how often the registry is checked for a moved alias
 * @param metricsNamespace prefix of every metric name
 * @param logDirectory where {@code predictions.jsonl} is written; null: no prediction log
 * @param logMaxBytes size at which the prediction log rotates
 * @param keepImages whether served images are put in the store (and their hash logged)
 * @param adminToken the token {@code /admin} routes need; required when not bound to loopback
 * @param feedbackDirectory where {@code feedback.jsonl} and the recent images live; null: the
 *     feedback routes are off
 * @param keepRecent how many recently predicted images are kept for feedback to reference
 * @param storeFeatures whether the {@code image-stats} of every served image are written to the
 *     feature store (off the request threads; dropped and counted when the writer falls behind)
 */
public record ServeConfig(
    Path projectDirectory,
    Path storeRoot,
    String modelName,
    String alias,
    Path modelDirectory,
    Path cacheDirectory,
    Runtime runtime,
    String host,
    int port,
    int maxBatchSize,
    Duration maxBatchDelay,
    int queueCapacity,
    Duration requestTimeout,
    long maxBytes,
    long maxPixels,
    int decodeThreads,
    int inferenceThreads,
    Duration pollInterval,
    String metricsNamespace,
    Path logDirectory,
    long logMaxBytes,
    boolean keepImages,
    String adminToken,
    Path feedbackDirectory,
    int keepRecent,
    boolean storeFeatures) {

  /** Which exported file of a model version the server runs. */
  public enum Runtime {
    /** {@code model.onnx} in ONNX Runtime; DJL on the trained weights when a version has none. */
    FP32,
    /** {@code model-int8.onnx} in ONNX Runtime. */
    INT8;

    /**
     * Parses {@code fp32}, {@code onnx} or {@code int8}.
     *
     * @throws InvalidInputException for anything else, naming the accepted values
     */
    public static Runtime parse(String text) throws InvalidInputException {
      String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
      return switch (value) {
        case "fp32", "onnx" -> FP32;
        case "int8" -> INT8;
        default ->
            throw new InvalidInputException(
                "runtime '" + text + "' is not known: use fp32 (model.onnx) or int8", text);
      };
    }
  }

  /** Checks every setting; messages name the setting and the accepted range. */
  public ServeConfig {
    Objects.requireNonNull(storeRoot, "storeRoot");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    if (alias == null && modelDirectory == null) {
      throw new IllegalArgumentException("give an alias to serve or a model directory");
    }
    if (alias != null && projectDirectory == null) {
      throw new IllegalArgumentException("serving alias " + alias + " needs a project directory");
    }
  }

  /** A builder with the defaults of {@code mvn mlops:serve}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the server binds to a loopback address only. */
  public boolean loopbackOnly() {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Builds a {@link ServeConfig}, checking values as they are set. */
  public static final class Builder {
    private Path projectDirectory;
    private Path storeRoot;
    private String modelName;
    private String alias;
    private Path modelDirectory;
    private Path cacheDirectory;
    private Runtime runtime = Runtime.FP32;
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBatchSize = 32;
    private Duration maxBatchDelay = Duration.ofMillis(5);
    private int queueCapacity = 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private long maxBytes = 20L * 1024 * 1024;
    private long maxPixels = 40_000_000L;
    private int decodeThreads = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
    private int inferenceThreads;
    private Duration pollInterval = Duration.ofSeconds(10);
    private String metricsNamespace = "mlops";
    private Path logDirectory;
    private long logMaxBytes = 100L * 1024 * 1024;
    private boolean keepImages;
    private String adminToken;
    private Path feedbackDirectory;
    private int keepRecent = 10_000;
    private boolean storeFeatures;

    private Builder() {}

    /** The project whose Git registry holds the model. */
    public Builder projectDirectory(Path value) {
      projectDirectory = value;
      return this;
    }

    /** The object store. */
    public Builder storeRoot(Path value) {
      storeRoot = value;
      return this;
    }

    /** The model's name in the registry. */
    public Builder modelName(String value) {
      modelName = value;
      return this;
    }

    /** The alias to serve and follow; null or blank serves the model directory. */
    public Builder alias(String value) {
      alias = value == null || value.isBlank() ? null : value.trim();
      return this;
    }

    /** The trained model directory served without an alias. */
    public Builder modelDirectory(Path value) {
      modelDirectory = value;
      return this;
    }

    /** Where registry versions are restored. */
    public Builder cacheDirectory(Path value) {
      cacheDirectory = value;
      return this;
    }

    /** fp32 or int8. */
    public Builder runtime(Runtime value) {
      runtime = Objects.requireNonNull(value, "runtime");
      return this;
    }

    /** The bind address. */
    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host").trim();
      return this;
    }

    /** The port (0 picks a free one). */
    public Builder port(int value) throws InvalidInputException {
      port = range("port", value, 0, 65535);
      return this;
    }

    /** Most images per inference call. */
    public Builder maxBatchSize(int value) throws InvalidInputException {
      maxBatchSize = range("maxBatchSize", value, 1, 4096);
      return this;
    }

    /** How long a batch waits to fill, in milliseconds. */
    public Builder maxBatchDelayMs(long value) throws InvalidInputException {
      maxBatchDelay = Duration.ofMillis(range("maxBatchDelayMs", value, 0, 10_000));
      return this;
    }

    /** Images waiting before 429. */
    public Builder queueCapacity(int value) throws InvalidInputException {
      queueCapacity = range("queueCapacity", value, 1, 1_000_000);
      return this;
    }

    /** Request timeout in milliseconds. */
    public Builder requestTimeoutMs(long value) throws InvalidInputException {
      requestTimeout = Duration.ofMillis(range("requestTimeoutMs", value, 1, 3_600_000));
      return this;
    }

    /** Largest request body in bytes. */
    public Builder maxBytes(long value) throws InvalidInputException {
      maxBytes = range("maxBytes", value, 1, Integer.MAX_VALUE - 8);
      return this;
    }

    /** Largest image in pixels. */
    public Builder maxPixels(long value) throws InvalidInputException {
      maxPixels = range("maxPixels", value, 1, Long.MAX_VALUE);
      return this;
    }

    /** Decode threads. */
    public Builder decodeThreads(int value) throws InvalidInputException {
      decodeThreads = range("decodeThreads", value, 1, 256);
      return this;
    }

    /** ONNX Runtime intra-op threads (0: one per core). */
    public Builder inferenceThreads(int value) throws InvalidInputException {
      inferenceThreads = range("inferenceThreads", value, 0, 256);
      return this;
    }

    /** Registry poll interval in seconds. */
    public Builder pollSeconds(long value) throws InvalidInputException {
      pollInterval = Duration.ofSeconds(range("pollSeconds", value, 1, 86_400));
      return this;
    }

    /** Registry poll interval. */
    public Builder pollInterval(Duration value) {
      pollInterval = Objects.requireNonNull(value, "pollInterval");
      return this;
    }

    /** Metric name prefix ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
    public Builder metricsNamespace(String value) throws InvalidInputException {
      if (value == null || !value.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw new InvalidInputException(
            "metricsNamespace '"
                + value
                + "' is not a Prometheus name: use letters, digits and '_', not starting with a"
                + " digit",
            String.valueOf(value),
            Remedy.setting("metricsNamespace"));
      }
      metricsNamespace = value;
      return this;
    }

    /** Directory of {@code predictions.jsonl}; null: no prediction log. */
    public Builder logDirectory(Path value) {
      logDirectory = value;
      return this;
    }

    /** Size at which the prediction log rotates. */
    public Builder logMaxBytes(long value) throws InvalidInputException {
      logMaxBytes = range("logMaxBytes", value, 1024, Long.MAX_VALUE);
      return this;
    }

    /** Whether served images go to the store. */
    public Builder keepImages(boolean value) {
      keepImages = value;
      return this;
    }

    /** The admin token; null or blank: none. */
    public Builder adminToken(String value) {
      adminToken = value == null || value.isBlank() ? null : value;
      return this;
    }

    /** Where feedback is stored; null: no feedback routes. */
    public Builder feedbackDirectory(Path value) {
      feedbackDirectory = value;
      return this;
    }

    /** Recently predicted images kept for feedback (0: feedback must send the image along). */
    public Builder keepRecent(int value) throws InvalidInputException {
      keepRecent = range("keepRecent", value, 0, 1_000_000);
      return this;
    }

    /** Whether the image-stats of served images go to the feature store. */
    public Builder storeFeatures(boolean value) {
      storeFeatures = value;
      return this;
    }

    /** The configuration. */
    public ServeConfig build() {
      Path cache =
          cacheDirectory != null
              ? cacheDirectory
              : Objects.requireNonNull(storeRoot, "storeRoot").resolve("serving-cache");
      return new ServeConfig(
          projectDirectory,
          storeRoot,
          modelName,
          alias,
          modelDirectory,
          cache,
          runtime,
          host,
          port,
          maxBatchSize,
          maxBatchDelay,
          queueCapacity,
          requestTimeout,
          maxBytes,
          maxPixels,
          decodeThreads,
          inferenceThreads,
          pollInterval,
          metricsNamespace,
          logDirectory,
          logMaxBytes,
          keepImages,
          adminToken,
          feedbackDirectory,
          keepRecent,
          storeFeatures);
    }

    private static int range(String name, int value, int min, int max)
        throws InvalidInputException {
      return (int) range(name, (long) value, min, max);
    }

    private static long range(String name, long value, long min, long max)
        throws InvalidInputException {
      if (value < min || value > max) {
        throw new InvalidInputException(
            name + " is " + value + "; use a value from " + min + " to " + max,
            String.valueOf(value),
            Remedy.setting(name));
      }
      return value;
    }
  }
}
