package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.image.ImagePreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one image costs a core at two sizes, so that the estimate can move from the benchmark's
 * small JPEGs to the assumed ones: the scan's seconds per file (of the benchmark's images) plus
 * SHA-256 per extra byte, and one decode with {@link ImagePreprocessor} at each size. One thread,
 * the JVM's CPU time, median of {@value #REPEATS} passes, after a warm-up pass.
 *
 * @param smallBytes mean file size of the benchmark's images
 * @param largeBytes mean file size of the larger images
 * @param smallScan scan seconds per file of the benchmark's images
 * @param hashPerByte SHA-256 seconds per byte (64 MB in 1 MB chunks)
 * @param smallDecode decode seconds per image of the benchmark's images
 * @param largeDecode decode seconds per image of the larger images
 */
record SparkImageCost(
    double smallBytes,
    double largeBytes,
    double smallScan,
    double hashPerByte,
    double smallDecode,
    double largeDecode) {
  /** Side lengths of the larger images: ImageNet's typical photo, about 500 x 375 px. */
  static final int LARGE_WIDTH = 500;

  static final int LARGE_HEIGHT = 375;

  private static final int REPEATS = 3;

  /** Generates {@code count} larger images under {@code work} and measures both sets. */
  static SparkImageCost measure(Path small, Path work, int count) throws Exception {
    Path large = work.resolve("large");
    FuzzBenchmark.deleteTree(large);
    long largeBytes = JpegCorpus.generate(large, count, LARGE_WIDTH, LARGE_HEIGHT);
    List<Path> smallFiles = files(small);
    List<Path> largeFiles = files(large);
    long smallBytes = 0;
    for (Path f : smallFiles) {
      smallBytes += Files.size(f);
    }
    return new SparkImageCost(
        smallBytes / (double) smallFiles.size(),
        largeBytes / (double) largeFiles.size(),
        scan(small) / smallFiles.size(),
        sha256PerByte(),
        decode(smallFiles),
        decode(largeFiles));
  }

  /** Scan seconds per file at {@code bytes} per file: the extra bytes hashed on top. */
  double scanAt(double bytes) {
    return smallScan + hashPerByte * Math.max(0, bytes - smallBytes);
  }

  private static double sha256PerByte() throws Exception {
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(1).nextBytes(chunk);
    double[] seconds = new double[REPEATS];
    for (int i = -1; i < REPEATS; i++) {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      long start =
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (int k = 0; k < 64; k++) {
        sha.update(chunk);
      }
      if (sha.digest().length != 32) {
        throw new IllegalStateException("not a SHA-256");
      }
      if (i >= 0) {
        seconds[i] =
            (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                    - start)
                / 1e9
                / (64.0 * chunk.length);
      }
    }
    return SparkDriverCosts.median(seconds);
  }

  private static double scan(Path dir) throws Exception {
    double[] seconds = new double[REPEATS];
    for (int i = -1; i < REPEATS; i++) {
      long start =
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      new DatasetScanner(Progress.NONE).scan(new ScanConfig(dir, SplitPolicy.DEFAULT, null, 1));
      if (i >= 0) {
        seconds[i] =
            (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                    - start)
                / 1e9;
      }
    }
    return SparkDriverCosts.median(seconds);
  }

  private static double decode(List<Path> files) throws Exception {
    double[] seconds = new double[REPEATS];
    for (int i = -1; i < REPEATS; i++) {
      long start =
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long pixels = 0;
      for (Path f : files) {
        pixels += ImagePreprocessor.read(f).getWidth();
      }
      if (i >= 0) {
        seconds[i] =
            (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                    - start)
                / 1e9
                / files.size();
      }
      if (pixels == 0) {
        throw new IllegalStateException("no pixels decoded");
      }
    }
    return SparkDriverCosts.median(seconds);
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    }
  }
}
