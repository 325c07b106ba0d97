package dev.mlops.core.export;

import java.util.Objects;

/**
 * One runtime's numbers.
 *
 * @param name the runtime's name, e.g. {@code "ONNX Runtime int8"}
 * @param version the libraries and versions behind it
 * @param threads the intra-op threads it computed with
 * @param latency single calls at batch 1
 * @param throughput back-to-back calls at the throughput batch size
 * @param maxProbabilityDelta the largest absolute difference of any class probability from the
 *     first runtime's, over the throughput batch (null for the first runtime). Informative only:
 *     the inputs are random, so this says how far a runtime's outputs moved, not how accurate it is
 */
public record RuntimeResult(
    String name,
    String version,
    int threads,
    LatencyStats latency,
    ThroughputStats throughput,
    Double maxProbabilityDelta) {
  /** Rejects missing parts. */
  public RuntimeResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(throughput, "throughput");
  }
}
