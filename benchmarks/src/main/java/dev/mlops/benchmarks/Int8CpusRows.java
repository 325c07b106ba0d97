package dev.mlops.benchmarks;

import dev.mlops.benchmarks.Int8CpusBenchmark.Case;
import dev.mlops.benchmarks.Int8Runs.Agreement;
import dev.mlops.benchmarks.Int8Runs.Result;
import dev.mlops.benchmarks.Int8Runs.Speed;
import dev.mlops.core.export.Int8Scheme;
import dev.mlops.core.export.MachineInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The "int8-cpus" section of {@code docs/benchmarks.md}. */
final class Int8CpusRows {
  private Int8CpusRows() {}

  static String section(List<Case> cases, Result nativeRun, Result emulated, List<Speed> speeds) {
    MachineInfo m = MachineInfo.current();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            """
            ## int8 on CPUs with and without VNNI: agreement with fp32 and speed per scheme

            Measured %s by `benchmarks/run.sh int8-cpus` (class `Int8CpusBenchmark`) on %d cores
            (%s; %s; %s). Real trained models: %s. Each model is exported once as fp32 and once per
            int8 scheme of `Int8Scheme` (activations uint8 in all; calibrated on 100 training
            images, as the export step does); agreement is the fraction of test images whose int8
            top-1 class equals the fp32 model's on the same CPU, both run by ONNX Runtime.
            "Native" is this CPU (JVM sees: `%s`); "AVX2 (qemu)" runs the same JVM under
            `qemu-x86_64 -cpu %s`, whose CPUID shows AVX2 without AVX-512 or VNNI (JVM sees:
            `%s`), so ONNX Runtime's MLAS kernels take their AVX2 path, as on an AMD EPYC of the
            Zen 1-3 generations or an Intel CPU before Ice Lake.

            | model | test images | fp32 accuracy | scheme | agreement native | int8 accuracy native | agreement AVX2 (qemu) | int8 accuracy AVX2 (qemu) |
            |---|---:|---:|---|---:|---:|---:|---:|
            """,
            LocalDate.now(),
            m.cores(),
            m.cpu(),
            m.os(),
            m.java(),
            describe(cases),
            nativeRun.cpuFeatures(),
            Int8Runs.QEMU_CPU,
            emulated == null ? "qemu-x86_64 not installed: not measured" : emulated.cpuFeatures()));
    for (Case c : cases) {
      for (Int8Scheme scheme : Int8Scheme.values()) {
        Agreement a = nativeRun.find(c.name(), scheme.name());
        Agreement e = emulated == null ? null : emulated.find(c.name(), scheme.name());
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.4f | %s | %.4f | %.4f | %s | %s |%n",
                c.name(),
                a.images(),
                a.fp32(),
                scheme,
                a.agreement(),
                a.int8(),
                e == null ? "-" : String.format(Locale.ROOT, "%.4f", e.agreement()),
                e == null ? "-" : String.format(Locale.ROOT, "%.4f", e.int8())));
      }
    }
    out.append(
        String.format(
            Locale.ROOT,
            """

            Speed on this CPU (native only: emulated times mean nothing), ONNX Runtime with %d
            intra-op threads: median of single calls at batch 1, and images/s of back-to-back
            calls at batch 32. 1-minute load average at the end: %.2f (other jobs share the
            cores; re-run on a quiet machine before trusting small differences).

            | model | runtime | p50 ms at batch 1 | img/s at batch 32 | speed-up over fp32 at batch 32 |
            |---|---|---:|---:|---:|
            """,
            InferenceBenchmarkMain.THREADS,
            m.loadAverage()));
    appendSpeeds(out, speeds);
    out.append(
        """

        How to read them: `U8S8_FULL` (int8 weights in [-127, 127], the scheme before issue 11)
        is exact only where ONNX Runtime's U8S8 kernels add in 32 bits (VNNI); on the AVX2 CPU
        they add each pair of uint8 x int8 products in 16 bits (`vpmaddubsw`), `2 * 255 * 127`
        overflows, and the agreement drops. `U8S8_REDUCED` (int8 weights in [-64, 64], the
        export's default) and `U8U8` (uint8 weights) cannot overflow, so the same file gives the
        same answers on both CPUs. `Int8SaturationTest` checks the 16-bit arithmetic on the
        tensors the quantizer writes, on any CPU.
        """);
    return out.toString();
  }

  private static void appendSpeeds(StringBuilder out, List<Speed> speeds) {
    double fp32 = 0;
    for (Speed s : speeds) {
      if (s.runtime().equals("fp32")) {
        fp32 = s.imagesPerSecond();
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f | %.1f | %.2f |%n",
              s.model(),
              s.runtime(),
              s.p50Ms(),
              s.imagesPerSecond(),
              s.imagesPerSecond() / fp32));
    }
  }

  private static String describe(List<Case> cases) {
    StringBuilder text = new StringBuilder();
    for (Case c : cases) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(
          String.format(
              Locale.ROOT,
              "`%s` (%s at %d px, %d epochs, on %s)",
              c.name(),
              c.config().architecture(),
              c.config().inputSize(),
              c.config().epochs(),
              c.source()));
    }
    return text.toString();
  }
}
