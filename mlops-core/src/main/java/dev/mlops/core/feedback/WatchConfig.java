package dev.mlops.core.feedback;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;

/**
 * What {@link FeedbackWatch} does each cycle. Build it with {@link #builder()}.
 *
 * @param ingest the feedback ingestion run first in every cycle
 * @param model the model name in the registry
 * @param alias the alias whose model is kept current (and promoted to)
 * @param promote whether a retrained version that passes the champion gate is promoted to {@code
 *     alias}
 * @param maxRegression the champion gate: the largest accuracy drop against the holder
 * @param maxCycles cycles to run before returning (0: until stopped)
 * @param intervalSeconds pause between cycles
 * @param output the JSON-lines file that records each cycle's outcome
 * @param cacheDirectory where versions evaluated on other data are restored for the gate
 */
public record WatchConfig(
    FeedbackIngestConfig ingest,
    String model,
    String alias,
    boolean promote,
    double maxRegression,
    int maxCycles,
    long intervalSeconds,
    Path output,
    Path cacheDirectory) {
  /** Default {@link #alias()}. */
  public static final String DEFAULT_ALIAS = "production";

  /** Default {@link #intervalSeconds()}: five minutes. */
  public static final long DEFAULT_INTERVAL_SECONDS = 300;

  /** Checks the fields; the message names the field. */
  public WatchConfig {
    require(ingest != null, "ingest", null, "set the feedback ingestion");
    require(model != null, "model", null, "set the model name");
    require(alias != null, "alias", null, "set the alias");
    require(
        maxRegression >= 0 && maxRegression <= 1,
        "maxRegression",
        maxRegression,
        "must be in [0,1]");
    require(maxCycles >= 0, "maxCycles", maxCycles, "must be at least 0 (0: until stopped)");
    require(
        intervalSeconds >= 0 && intervalSeconds <= 86_400 * 7,
        "intervalSeconds",
        intervalSeconds,
        "must be in [0, 604800] (a week)");
    require(output != null, "output", null, "set the outcome file");
    require(cacheDirectory != null, "cacheDirectory", null, "set the cache directory");
  }

  /** A builder with the defaults: alias production, no promotion, gate 0, every 300 s, forever. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link WatchConfig}: {@code set*} required, {@code opt*} defaulted. */
  public static final class Builder {
    private FeedbackIngestConfig ingest;
    private String model;
    private String alias = DEFAULT_ALIAS;
    private boolean promote;
    private double maxRegression;
    private int maxCycles;
    private long intervalSeconds = DEFAULT_INTERVAL_SECONDS;
    private Path output;
    private Path cacheDirectory;

    private Builder() {}

    /** Sets {@link WatchConfig#ingest()}. */
    public Builder setIngest(FeedbackIngestConfig value) {
      ingest = value;
      return this;
    }

    /** Sets {@link WatchConfig#model()}. */
    public Builder setModel(String value) {
      model = value;
      return this;
    }

    /** Sets {@link WatchConfig#output()}. */
    public Builder setOutput(Path value) {
      output = value;
      return this;
    }

    /** Sets {@link WatchConfig#cacheDirectory()}. */
    public Builder setCacheDirectory(Path value) {
      cacheDirectory = value;
      return this;
    }

    /** Sets {@link WatchConfig#alias()}; default production. */
    public Builder optAlias(String value) {
      alias = value == null ? alias : value;
      return this;
    }

    /** Sets {@link WatchConfig#promote()}; default false. */
    public Builder optPromote(boolean value) {
      promote = value;
      return this;
    }

    /** Sets {@link WatchConfig#maxRegression()}; default 0. */
    public Builder optMaxRegression(Double value) {
      maxRegression = value == null ? maxRegression : value;
      return this;
    }

    /** Sets {@link WatchConfig#maxCycles()}; default 0 (until stopped). */
    public Builder optMaxCycles(Integer value) {
      maxCycles = value == null ? maxCycles : value;
      return this;
    }

    /** Sets {@link WatchConfig#intervalSeconds()}; default 300. */
    public Builder optIntervalSeconds(Long value) {
      intervalSeconds = value == null ? intervalSeconds : value;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws InvalidInputException naming the first invalid setting and its value
     */
    public WatchConfig build() throws InvalidInputException {
      try {
        return new WatchConfig(
            ingest,
            model,
            alias,
            promote,
            maxRegression,
            maxCycles,
            intervalSeconds,
            output,
            cacheDirectory);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid watch setting");
      }
    }
  }
}
