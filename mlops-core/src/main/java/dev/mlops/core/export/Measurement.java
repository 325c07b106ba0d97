package dev.mlops.core.export;

/**
 * Times one runtime: warm-up, then latency call by call at batch 1 and throughput over back-to-back
 * calls at the configured batch, each within the optional time budget.
 */
final class Measurement {
  /**
   * One runtime's timings.
   *
   * @param latency batch-1 calls
   * @param throughput throughput-batch calls
   * @param batchOutput the probabilities of the last throughput-batch call
   */
  record Result(LatencyStats latency, ThroughputStats throughput, float[][] batchOutput) {}

  private Measurement() {}

  static Result measure(
      BenchmarkRuntime runtime, BenchmarkConfig config, float[] one, float[] batch) {
    InferenceFunction f = runtime.function();
    int n = config.throughputBatch();
    for (int i = 0; i < config.warmup(); i++) {
      call(runtime, one, 1);
    }
    long budget = (long) (config.timeBudgetSeconds() * 1e9);
    long[] nanos = new long[config.iterations()];
    int count = 0;
    long start = System.nanoTime();
    while (count < nanos.length && !overBudget(start, budget, count)) {
      long t = System.nanoTime();
      f.probabilities(one, 1);
      nanos[count++] = System.nanoTime() - t;
    }
    LatencyStats latency = LatencyStats.of(1, java.util.Arrays.copyOf(nanos, count));

    float[][] output = null;
    for (int i = 0; i < config.batchWarmup(); i++) {
      output = call(runtime, batch, n);
    }
    int calls = 0;
    start = System.nanoTime();
    while (calls < config.batchIterations() && !overBudget(start, budget, calls)) {
      output = f.probabilities(batch, n);
      calls++;
    }
    ThroughputStats throughput = ThroughputStats.of(n, calls, System.nanoTime() - start);
    check(runtime, output, n);
    return new Result(latency, throughput, output);
  }

  private static boolean overBudget(long start, long budget, int done) {
    return budget > 0 && done > 0 && System.nanoTime() - start >= budget;
  }

  /** An unmeasured call whose result is checked, so a broken runtime fails before it is timed. */
  private static float[][] call(BenchmarkRuntime runtime, float[] pixels, int n) {
    return check(runtime, runtime.function().probabilities(pixels, n), n);
  }

  private static float[][] check(BenchmarkRuntime runtime, float[][] output, int n) {
    if (output == null || output.length != n) {
      throw new IllegalStateException(
          runtime.name()
              + " returned "
              + (output == null ? "null" : output.length + " rows")
              + " for a batch of "
              + n);
    }
    return output;
  }
}
