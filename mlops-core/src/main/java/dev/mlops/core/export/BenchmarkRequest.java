package dev.mlops.core.export;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link InferenceBenchmark#benchmark} measures and where it writes.
 *
 * @param modelDirectory the trained model (DJL fp32), as written by the train step
 * @param onnxFile the exported fp32 ONNX model
 * @param int8File the exported int8 ONNX model; measured when the file exists, null to never
 * @param output where the JSON report is written
 * @param reportDirectory where {@code benchmark.html} is written (linked from the evaluation
 *     report's {@code index.html} there); null for no HTML
 * @param config how to measure
 */
public record BenchmarkRequest(
    Path modelDirectory,
    Path onnxFile,
    Path int8File,
    Path output,
    Path reportDirectory,
    BenchmarkConfig config) {
  /** Rejects missing parts. */
  public BenchmarkRequest {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(onnxFile, "onnxFile");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(config, "config");
  }
}
