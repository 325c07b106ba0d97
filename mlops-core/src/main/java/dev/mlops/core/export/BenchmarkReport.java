package dev.mlops.core.export;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of an inference benchmark: per runtime, latency at batch 1 and throughput at the
 * configured batch, with the threads, versions and machine needed to read the numbers.
 *
 * @param model what was measured, e.g. {@code "resnet18 3x224x224, 10 classes"}
 * @param config how it was measured
 * @param machine where it was measured
 * @param runtimes one result per runtime, in the order measured
 * @param createdAt when it was measured (ISO-8601 instant)
 */
public record BenchmarkReport(
    String model,
    BenchmarkConfig config,
    MachineInfo machine,
    List<RuntimeResult> runtimes,
    String createdAt) {
  /** The file name the benchmark goal writes by default. */
  public static final String FILE_NAME = "benchmark.json";

  /** Rejects missing parts and copies the list. */
  public BenchmarkReport {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(machine, "machine");
    runtimes = List.copyOf(runtimes);
  }

  /** The result of the runtime called {@code name}, if it was measured. */
  public Optional<RuntimeResult> runtime(String name) {
    return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * Writes this report as indented JSON, atomically.
   *
   * @throws MlopsException naming the file when it cannot be written
   */
  public void write(Path file) throws MlopsException {
    try {
      AtomicFiles.write(file, Json.pretty(this));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
