package dev.mlops.core.export;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;

/**
 * How an inference benchmark measures. Latency is measured at batch 1, call by call; throughput at
 * {@link #throughputBatch()}, over back-to-back calls. Each runtime is warmed up at both sizes
 * first (first calls allocate memory and pick kernels). Build it with {@link #builder()}.
 *
 * @param warmup unmeasured batch-1 calls per runtime
 * @param iterations measured batch-1 calls per runtime
 * @param batchWarmup unmeasured throughput-batch calls per runtime
 * @param batchIterations measured throughput-batch calls per runtime
 * @param throughputBatch images per call for throughput
 * @param timeBudgetSeconds per runtime and batch size: measuring stops after this many seconds even
 *     when fewer calls have run (at least one always runs); 0 = no budget
 * @param threads intra-op threads of every runtime
 * @param seed seed of the random input images
 */
public record BenchmarkConfig(
    int warmup,
    int iterations,
    int batchWarmup,
    int batchIterations,
    int throughputBatch,
    double timeBudgetSeconds,
    int threads,
    long seed) {

  /** Checks every field; throws {@link ConfigValueException} naming the first bad one. */
  public BenchmarkConfig {
    require(warmup >= 0 && warmup <= 100_000, "warmup", warmup, "must be in [0,100000]");
    require(
        iterations >= 1 && iterations <= 1_000_000,
        "iterations",
        iterations,
        "must be in [1,1000000]");
    require(
        batchWarmup >= 0 && batchWarmup <= 100_000,
        "batchWarmup",
        batchWarmup,
        "must be in [0,100000]");
    require(
        batchIterations >= 1 && batchIterations <= 1_000_000,
        "batchIterations",
        batchIterations,
        "must be in [1,1000000]");
    require(
        throughputBatch >= 1 && throughputBatch <= 4096,
        "throughputBatch",
        throughputBatch,
        "must be in [1,4096]");
    require(
        timeBudgetSeconds >= 0 && Double.isFinite(timeBudgetSeconds),
        "timeBudgetSeconds",
        timeBudgetSeconds,
        "must be 0 (no budget) or a positive number of seconds");
    require(threads >= 1 && threads <= 1024, "threads", threads, "must be in [1,1024]");
  }

  /** A builder with the defaults: 10 + 50 calls at batch 1, 2 + 10 at batch 32, all cores. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BenchmarkConfig}; {@code null} arguments keep the default. */
  public static final class Builder {
    private int warmup = 10;
    private int iterations = 50;
    private int batchWarmup = 2;
    private int batchIterations = 10;
    private int throughputBatch = 32;
    private double timeBudgetSeconds;
    private int threads = Runtime.getRuntime().availableProcessors();
    private long seed = 42;

    private Builder() {}

    /** Sets {@link BenchmarkConfig#warmup()}. */
    public Builder optWarmup(Integer value) {
      warmup = value == null ? warmup : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#iterations()}. */
    public Builder optIterations(Integer value) {
      iterations = value == null ? iterations : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#batchWarmup()}. */
    public Builder optBatchWarmup(Integer value) {
      batchWarmup = value == null ? batchWarmup : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#batchIterations()}. */
    public Builder optBatchIterations(Integer value) {
      batchIterations = value == null ? batchIterations : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#throughputBatch()}. */
    public Builder optThroughputBatch(Integer value) {
      throughputBatch = value == null ? throughputBatch : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#timeBudgetSeconds()}. */
    public Builder optTimeBudgetSeconds(Double value) {
      timeBudgetSeconds = value == null ? timeBudgetSeconds : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#threads()}. */
    public Builder optThreads(Integer value) {
      threads = value == null ? threads : value;
      return this;
    }

    /** Sets {@link BenchmarkConfig#seed()}. */
    public Builder optSeed(Long value) {
      seed = value == null ? seed : value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming the first invalid field and its value
     */
    public BenchmarkConfig build() throws InvalidInputException {
      try {
        return new BenchmarkConfig(
            warmup,
            iterations,
            batchWarmup,
            batchIterations,
            throughputBatch,
            timeBudgetSeconds,
            threads,
            seed);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid benchmark setting");
      }
    }
  }
}
