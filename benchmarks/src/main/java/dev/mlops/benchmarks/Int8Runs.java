package dev.mlops.benchmarks;

import dev.mlops.core.export.Int8Scheme;
import dev.mlops.core.export.OnnxClassifier;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The measurements of {@link Int8CpusBenchmark}: agreement in a child JVM, native speed. */
final class Int8Runs {
  private static final String QEMU = "qemu-x86_64";

  /** The emulated CPU: Haswell, the first x86 generation with AVX2, without AVX-512 or VNNI. */
  static final String QEMU_CPU = "Haswell";

  /** How long one child JVM may take; emulation of resnet18 is the slow part. */
  private static final long TIMEOUT_MINUTES = 60;

  /** One line of {@link Int8Agreement}'s output. */
  record Agreement(
      String caseName, String scheme, int images, double fp32, double int8, double agreement) {}

  /** The agreements of one child JVM and the CPU features that JVM saw (its CPUID). */
  record Result(List<Agreement> agreements, String cpuFeatures, double seconds) {
    Agreement find(String caseName, String scheme) {
      return agreements.stream()
          .filter(a -> a.caseName().equals(caseName) && a.scheme().equals(scheme))
          .findFirst()
          .orElse(null);
    }
  }

  /** Native timing of one model file: median batch-1 latency and batch-32 images per second. */
  record Speed(String model, String runtime, double p50Ms, double imagesPerSecond) {}

  private Int8Runs() {}

  static boolean qemuAvailable() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, QEMU)));
  }

  /** Runs {@link Int8Agreement} over {@code dirs} in a child JVM, under qemu when asked. */
  static Result agreement(List<Path> dirs, boolean emulated) throws Exception {
    List<String> command = new ArrayList<>();
    if (emulated) {
      command.addAll(List.of(QEMU, "-cpu", QEMU_CPU));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            // ONNX Runtime's start-up needs more than the default 1 MB of main-thread stack when
            // the class path is long (several kB, as here): without this it dies with SIGSEGV.
            "-Xss64m",
            "-Xlog:os+cpu=info",
            "-cp",
            System.getProperty("java.class.path"),
            Int8Agreement.class.getName()));
    dirs.forEach(d -> command.add(d.toString()));
    System.out.printf("== agreement %s%n", emulated ? "under qemu " + QEMU_CPU : "natively");
    long start = System.nanoTime();
    Path log = Files.createTempFile("int8-agreement", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("agreement run took over " + TIMEOUT_MINUTES + " minutes");
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Files.delete(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("agreement run failed:\n" + String.join("\n", lines));
    }
    List<Agreement> agreements = new ArrayList<>();
    String features = "";
    for (String line : lines) {
      if (line.startsWith("AGREE ")) {
        System.out.println(line);
        String[] f = line.split(" ");
        agreements.add(
            new Agreement(
                f[1],
                f[2],
                Integer.parseInt(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6])));
      } else if (line.contains("[os,cpu] CPU:")) {
        features = line.substring(line.indexOf("CPU:") + 4).trim();
      }
    }
    return new Result(agreements, features, (System.nanoTime() - start) / 1e9);
  }

  /** Times fp32 and every int8 scheme of a case directory with 2 intra-op threads. */
  static List<Speed> speeds(Path dir, String model) throws Exception {
    List<Speed> speeds = new ArrayList<>();
    speeds.add(speed(dir.resolve("fp32.onnx"), model, "fp32"));
    for (Int8Scheme scheme : Int8Scheme.values()) {
      speeds.add(speed(dir.resolve("int8-" + scheme + ".onnx"), model, "int8 " + scheme));
    }
    return speeds;
  }

  private static Speed speed(Path file, String model, String runtime) throws Exception {
    try (OnnxClassifier onnx = OnnxClassifier.open(file, InferenceBenchmarkMain.THREADS)) {
      int perImage = onnx.preprocessing().tensorSize();
      boolean large = perImage > 100_000;
      float[] one = noise(perImage, 1);
      float[] batch = noise(perImage * 32, 2);
      int calls = large ? 40 : 1000;
      double[] ms = new double[calls];
      for (int i = 0; i < calls / 5; i++) {
        onnx.probabilities(one, 1);
      }
      for (int i = 0; i < calls; i++) {
        long t = System.nanoTime();
        onnx.probabilities(one, 1);
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(ms);
      int batches = large ? 6 : 300;
      onnx.probabilities(batch, 32);
      long t = System.nanoTime();
      for (int i = 0; i < batches; i++) {
        onnx.probabilities(batch, 32);
      }
      double ips = 32.0 * batches / ((System.nanoTime() - t) / 1e9);
      Speed s = new Speed(model, runtime, ms[calls / 2], ips);
      System.out.println(s);
      return s;
    }
  }

  private static float[] noise(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
