package dev.mlops.core.export;

import java.util.Objects;

/**
 * A runtime to benchmark: a name for tables, what it is built on, the threads it computes with and
 * the function that classifies a batch.
 *
 * @param name the name in the report, e.g. {@code "ONNX Runtime fp32"}
 * @param version the libraries and versions behind it, e.g. {@code "ONNX Runtime 1.29.0"}
 * @param threads the intra-op threads it computes with
 * @param function classifies a batch
 */
public record BenchmarkRuntime(
    String name, String version, int threads, InferenceFunction function) {
  /** Rejects missing parts. */
  public BenchmarkRuntime {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(function, "function");
  }
}
