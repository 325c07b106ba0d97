package dev.mlops.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the reference command-line tools over the same files. */
final class Tools {
  private Tools() {}

  /**
   * Best of {@code repeats} runs of {@code tool} over every file, with {@code parallel} processes.
   */
  static Row best(String what, Path data, String tool, int parallel, int repeats)
      throws IOException, InterruptedException {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      best = Math.min(best, run(data, tool, parallel));
    }
    long[] size = size(data);
    return new Row(what, size[0], size[1], best);
  }

  /** Seconds for one run of {@code find -print0 | xargs -0 -P parallel tool}. */
  static double run(Path data, String tool, int parallel) throws IOException, InterruptedException {
    String command =
        "find . -type f -name '*.jpg' -print0 | xargs -0 -n 500 -P "
            + parallel
            + " "
            + tool
            + " > /dev/null";
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder("bash", "-c", command).directory(data.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(command + " failed with exit code " + p.exitValue());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static long[] size(Path data) throws IOException {
    try (var files = Files.walk(data)) {
      long[] out = new long[2];
      files
          .filter(Files::isRegularFile)
          .forEach(
              f -> {
                out[0]++;
                out[1] += f.toFile().length();
              });
      return out;
    }
  }
}
