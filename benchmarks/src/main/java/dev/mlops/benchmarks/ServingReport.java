package dev.mlops.benchmarks;

import dev.mlops.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the serving section of {@code docs/benchmarks.md} again from a finished run's {@code
 * results.json} (kept beside its logs), without measuring again: {@code ServingReport
 * <results.json> <docs/benchmarks.md>}.
 */
public final class ServingReport {
  private ServingReport() {}

  /** Reads the results and replaces the section. */
  public static void main(String[] args) throws Exception {
    ServingBenchmark.Results results =
        Json.mapper()
            .readValue(Files.readAllBytes(Path.of(args[0])), ServingBenchmark.Results.class);
    String section = ServingRows.section(results);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(Path.of(args[1]), "serving", section);
  }
}
