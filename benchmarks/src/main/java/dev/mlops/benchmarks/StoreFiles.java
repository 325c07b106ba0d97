package dev.mlops.benchmarks;

import java.nio.file.Path;

/**
 * Writes the store benchmark's generated digits ({@link StoreBenchmark#generate}) for {@code
 * benchmarks/store-goals.sh}, which times the Maven goals on them.
 */
public final class StoreFiles {
  private StoreFiles() {}

  /** Usage: {@code StoreFiles <folder> <count>}; the folder must not exist yet. */
  public static void main(String[] args) throws Exception {
    StoreBenchmark.generate(Path.of(args[0]), Integer.parseInt(args[1]));
  }
}
