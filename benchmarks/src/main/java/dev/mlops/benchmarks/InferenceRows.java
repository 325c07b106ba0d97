package dev.mlops.benchmarks;

import dev.mlops.benchmarks.InferenceBenchmarkMain.Python;
import dev.mlops.benchmarks.InferenceBenchmarkMain.Result;
import dev.mlops.core.export.BenchmarkReport;
import dev.mlops.core.export.InferenceBenchmark;
import dev.mlops.core.export.Int8Quantizer;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.export.RuntimeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The "inference" section of {@code docs/benchmarks.md}: table, targets, checker results. */
final class InferenceRows {
  /** Above this share of the cores' time used by other processes, the numbers are suspect. */
  private static final double BUSY_SHARE = 0.05;

  private InferenceRows() {}

  static String section(List<Result> results) {
    StringBuilder out = new StringBuilder(intro(results.get(0).report().machine()));
    out.append(
        "| model | runtime | version | threads | batch-1 calls | p50 ms | p90 ms | p99 ms | img/s"
            + " at batch 32 | p50 / DJL fp32 |\n"
            + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      rows(out, r);
    }
    out.append(busy(results));
    out.append("\nTargets (2 cores):\n\n");
    for (Result r : results) {
      out.append(verdicts(r));
    }
    out.append(notes());
    for (Result r : results) {
      r.checks().forEach(c -> out.append("- `").append(c.replace("`", "'")).append("`\n"));
    }
    return out.toString();
  }

  /**
   * A warning when other processes took a noticeable share of the cores while this ran (measured
   * from {@code /proc}, not the load average, which this benchmark's own threads raise).
   */
  private static String busy(List<Result> results) {
    double worst = results.stream().mapToDouble(Result::others).max().orElse(Double.NaN);
    if (Double.isNaN(worst)) {
      return "\nOther processes' CPU use was not measured (no /proc): the machine may have been"
          + " busy.\n";
    }
    if (worst <= BUSY_SHARE) {
      return String.format(
          Locale.ROOT,
          "%nOther processes used at most %.1f%% of the cores' time during a model's runs: a"
              + " quiet machine.%n",
          100 * worst);
    }
    return String.format(
        Locale.ROOT,
        """

        **Busy machine:** other processes used up to %.0f%% of the cores' time while this ran,
        so they competed with the runtimes. PyTorch (DJL and Python) suffers most; the ratios
        between ONNX Runtime's fp32 and int8 are more robust than the absolute times. Re-run on
        a quiet machine before quoting these numbers.
        """,
        100 * worst);
  }

  private static String intro(MachineInfo m) {
    return String.format(
        Locale.ROOT,
        """
                ## Inference latency and throughput

                Measured %s by `benchmarks/run.sh inference` (class `InferenceBenchmarkMain`, the
                same code as `mvn mlops:benchmark`) on %d cores (%s; %s; %s), %d intra-op threads
                for every runtime: PyTorch's (`set_num_threads`, DJL and Python alike) and ONNX
                Runtime's (`intra_op_num_threads`, which counts the calling thread; inter-op 1).
                CPU flags that decide ONNX Runtime's int8 kernels: %s.
                Models with seeded random weights, 10 classes, exported by `OnnxTranslator` (fp32)
                and `Int8Quantizer` (int8 QDQ, default scheme `%s`: uint8 activations, int8 weights
                in [-64, 64]; calibrated on %d random images). Latency: single
                calls at batch 1 after warm-up, nearest-rank percentiles; throughput: back-to-back
                calls at batch 32 after warm-up. Input: random images normalised like real ones.
                PyTorch from Python is Debian's `python3-torch` running
                `benchmarks/pytorch_reference.py infer` (same architectures, eval mode,
                `torch.no_grad()`, same thread count and call counts).

                """,
        LocalDate.now(),
        m.cores(),
        m.cpu(),
        m.os(),
        m.java(),
        InferenceBenchmarkMain.THREADS,
        cpuFlags(),
        Int8Quantizer.DEFAULT_SCHEME,
        InferenceBenchmarkMain.CALIBRATION_IMAGES);
  }

  private static String notes() {
    return String.format(
            Locale.ROOT,
            """

            How to read them: %s. ONNX Runtime's int8 kernels use int8 dot-product instructions
            (VNNI, AMX) where present; expect a smaller int8 speed-up on CPUs without them
            (`benchmarks/run.sh int8-cpus` compares the schemes). The p99 of resnet18's 40 calls
            is its slowest call.
            cnn-small calls take a tenth of a millisecond in ONNX Runtime, where fixed per-call
            costs (tensor creation, the input's quantisation) weigh as much as the convolutions.
            """,
            int8Features().isEmpty()
                ? "this CPU has none of AVX-VNNI, AVX512-VNNI, AMX-INT8"
                : "this CPU has int8 dot-product instructions (" + int8Features() + ")")
        + """

        Accuracy is not measured here: random weights make it meaningless. The int8 model's
        accuracy on real data (target: within 1 point of fp32) is measured by the export step,
        `mvn package` with `<quantize>int8</quantize>`, on the project's test split; it fails the
        build above `maxQuantizationLoss` (0.01) or when more than `maxDisagreement` (0.02) of
        the test images change their top-1 class, and records both accuracies and the agreement
        in `target/mlops/export.json`. The probability differences above only say how far each
        runtime moved the outputs on random images (with random weights every image gets the
        same top class, so top-1 agreement would say nothing).

        Independent check of the exported files (`benchmarks/onnx_check.py`, Debian's
        `python3-onnx`, `onnx.checker.check_model(model, full_check=True)`; the run stops on a
        failure):

        """;
  }

  /** The CPU's int8 dot-product and matrix features, from {@code /proc/cpuinfo}; may be empty. */
  private static String int8Features() {
    return flags(f -> f.contains("vnni") || f.equals("amx_int8"));
  }

  /** The SIMD flags that pick ONNX Runtime's kernels: AVX2, AVX-512 (F, BW), VNNI, AMX-INT8. */
  static String cpuFlags() {
    String found =
        flags(
            f ->
                f.equals("avx2")
                    || f.equals("avx512f")
                    || f.equals("avx512bw")
                    || f.contains("vnni")
                    || f.equals("amx_int8"));
    return found.isEmpty() ? "none of AVX2, AVX-512, VNNI, AMX" : found;
  }

  private static String flags(java.util.function.Predicate<String> wanted) {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      Set<String> found = new TreeSet<>();
      for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
        if (line.startsWith("flags")) {
          for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
            if (wanted.test(flag)) {
              found.add(flag);
            }
          }
        }
      }
      return String.join(", ", found);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cpuinfo, e);
    }
  }

  private static void rows(StringBuilder out, Result r) {
    BenchmarkReport report = r.report();
    double djl = report.runtime(InferenceBenchmark.DJL_FP32).orElseThrow().latency().p50Ms();
    for (RuntimeResult x : report.runtimes()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %.2f | %.2f | %.2f | %.1f | %.2f |%n",
              report.model(),
              x.name(),
              x.version(),
              x.threads(),
              x.latency().iterations(),
              x.latency().p50Ms(),
              x.latency().p90Ms(),
              x.latency().p99Ms(),
              x.throughput().imagesPerSecond(),
              x.latency().p50Ms() / djl));
    }
    Python p = r.python();
    if (p != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | PyTorch fp32 (Python) | %s | %d | %d | %.2f | %.2f | %.2f | %.1f | %.2f |%n",
              report.model(),
              p.framework(),
              p.threads(),
              r.setup().iterations(),
              p.p50(),
              p.p90(),
              p.p99(),
              p.ips(),
              p.p50() / djl));
    }
  }

  private static String verdicts(Result r) {
    BenchmarkReport report = r.report();
    RuntimeResult djl = report.runtime(InferenceBenchmark.DJL_FP32).orElseThrow();
    RuntimeResult fp32 = report.runtime(InferenceBenchmark.ONNX_FP32).orElseThrow();
    RuntimeResult int8 = report.runtime(InferenceBenchmark.ONNX_INT8).orElseThrow();
    double latencySpeedup = fp32.latency().p50Ms() / int8.latency().p50Ms();
    double throughputSpeedup =
        int8.throughput().imagesPerSecond() / fp32.throughput().imagesPerSecond();
    return String.format(
        Locale.ROOT,
        "- %s: ONNX Runtime fp32 p50 %.2f ms vs DJL %.2f ms (target <= DJL: %s); int8 vs fp32"
            + " in ONNX Runtime: %.2fx faster at batch 1 (p50), %.2fx at batch 32 (target >="
            + " 1.5x: %s at batch 1, %s at batch 32); largest class-probability difference from DJL"
            + " fp32 on 32 random images: %.1e (ONNX Runtime fp32), %.1e (int8), informative only."
            + " 1-minute load average %.2f before, %.2f after the Java runtimes.%n",
        report.model(),
        fp32.latency().p50Ms(),
        djl.latency().p50Ms(),
        fp32.latency().p50Ms() <= djl.latency().p50Ms() ? "met" : "NOT met",
        latencySpeedup,
        throughputSpeedup,
        latencySpeedup >= 1.5 ? "met" : "NOT met",
        throughputSpeedup >= 1.5 ? "met" : "NOT met",
        fp32.maxProbabilityDelta(),
        int8.maxProbabilityDelta(),
        r.loadBefore(),
        report.machine().loadAverage());
  }
}
