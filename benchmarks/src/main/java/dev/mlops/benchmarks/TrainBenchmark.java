package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.NativeAllocator;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.train.EpochStats;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.SyntheticThroughput;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import dev.mlops.core.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Training throughput: the engine on synthetic tensors, our whole pipeline from JPEG files (decode,
 * resize, augment, batch, train), and PyTorch from Python on the same machine, for the same model,
 * input size and batch. Writes the "training" section of {@code docs/benchmarks.md}, or with a
 * fourth argument naming an instruction-set cap ({@code avx2}) that {@code benchmarks/run.sh} has
 * put in the environment of both engines, the "training-avx2" section.
 *
 * <p>Usage: {@code TrainBenchmark <work dir> <docs/benchmarks.md> <pytorch_reference.py> [isa]}.
 */
public final class TrainBenchmark {
  private static final int THREADS = Runtime.getRuntime().availableProcessors();

  private record Setup(String architecture, int size, int batch, int images, int steps) {}

  /** A run of {@code pytorch_reference.py}: images/s and its milliseconds per step by part. */
  private record PythonRun(
      double imagesPerSecond, double forward, double backward, double update, double other) {
    static final PythonRun MISSING =
        new PythonRun(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private record Line(
      Setup setup,
      double synthetic,
      SyntheticThroughput.Phases phases,
      double endToEnd,
      double loaderWait,
      double compute,
      List<PythonRun> pythonRuns,
      PythonRun pythonTuned) {
    /** The median of PyTorch's default runs by throughput. */
    PythonRun python() {
      List<PythonRun> sorted =
          pythonRuns.stream()
              .sorted(Comparator.comparingDouble(PythonRun::imagesPerSecond))
              .toList();
      return sorted.get(sorted.size() / 2);
    }

    String pythonAll() {
      return pythonRuns.stream()
          .map(r -> String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()))
          .collect(Collectors.joining(", "));
    }
  }

  /**
   * PyTorch as it starts runs this many times per model: with glibc's defaults a whole run is
   * either fast or slow (cnn-small 447-626 or 1,781-1,956 img/s on the machine of {@code
   * docs/benchmarks.md}), so one run says little. The table gives the median and every run.
   */
  private static final int DEFAULT_RUNS = 3;

  /**
   * The environment that gives PyTorch from Python what {@link NativeAllocator} sets in our JVM:
   * the three glibc settings, and huge pages through glibc's {@code hugetlb} tunable (Debian's
   * PyTorch 1.13 predates {@code THP_MEM_ALLOC_ENABLE}; the tunable advises all of malloc's memory,
   * where ours advises tensors of 2 MB and more). The second PyTorch run gets it, so that the
   * comparison shows what the settings are worth on each side.
   */
  private static final Map<String, String> TUNED_ALLOCATOR =
      Map.of(
          "MALLOC_MMAP_THRESHOLD_", Integer.toString(32 << 20),
          "MALLOC_TRIM_THRESHOLD_", Integer.toString(1 << 30),
          "MALLOC_TOP_PAD_", Integer.toString(64 << 20),
          "GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");

  private TrainBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path docs = Path.of(args[1]);
    Path script = Path.of(args[2]);
    String isa = args.length > 3 ? args[3] : "";
    List<Setup> setups =
        List.of(
            new Setup("cnn-small", 32, 64, 1280, 20),
            new Setup("resnet18", 64, 32, 640, 20),
            new Setup("resnet18", 224, 32, 256, 8));
    List<Line> lines = new ArrayList<>();
    for (Setup s : setups) {
      System.out.printf("== %s %dx%d batch %d%n", s.architecture(), s.size(), s.size(), s.batch());
      SyntheticThroughput.Result synthetic =
          SyntheticThroughput.measure(
              s.architecture(), s.size(), 3, s.batch(), THREADS, 2, s.steps());
      EpochStats epoch = endToEnd(work, s);
      lines.add(
          new Line(
              s,
              synthetic.imagesPerSecond(),
              synthetic.phases(),
              epoch.imagesPerSecond(),
              epoch.loaderWaitSeconds(),
              epoch.computeSeconds(),
              pythonDefaultRuns(script, s),
              python(script, s, TUNED_ALLOCATOR)));
      System.out.println(lines.get(lines.size() - 1));
    }
    String table = table(lines) + "\n" + breakdown(lines);
    System.out.println(table);
    if (isa.isEmpty()) {
      DataBenchmark.Docs.replaceSection(docs, "training", section(table));
    } else {
      DataBenchmark.Docs.replaceSection(docs, "training-" + isa, cappedSection(isa, table));
    }
  }

  /**
   * Trains three epochs from JPEG files and returns the faster of epochs 2 and 3 (warm: images
   * decoded once, engine past its first steps), as the synthetic number is the best of its steps.
   */
  private static EpochStats endToEnd(Path work, Setup s) throws Exception {
    Path data = work.resolve("train-" + s.architecture() + "-" + s.size());
    if (!Files.isDirectory(data)) {
      JpegCorpus.generate(data, s.images(), 320, 240);
      // Two small val classes matching the train folders, so training has a val split.
      JpegCorpus.generate(data.resolve("val-tmp"), 20, 320, 240);
      Files.move(data.resolve("val-tmp/train"), data.resolve("val"));
      Files.delete(data.resolve("val-tmp"));
      Thread.sleep(1100);
    }
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
            .manifest();
    TrainingConfig config =
        TrainingConfig.builder()
            .optArchitecture(s.architecture())
            .optInputSize(s.size())
            .optChannels(3)
            .optBatchSize(s.batch())
            .optEpochs(3)
            .optThreads(THREADS)
            .build();
    Path out = work.resolve("out-" + s.architecture() + "-" + s.size());
    deleteTree(out);
    TrainingResult result =
        new ModelTrainer(Progress.NONE)
            .train(
                new TrainingRequest(
                    data,
                    manifest,
                    config,
                    out.resolve("model"),
                    out.resolve("work"),
                    null,
                    "bench"));
    List<EpochStats> epochs = result.history().epochs();
    return epochs.get(1).imagesPerSecond() >= epochs.get(2).imagesPerSecond()
        ? epochs.get(1)
        : epochs.get(2);
  }

  private static List<PythonRun> pythonDefaultRuns(Path script, Setup s)
      throws IOException, InterruptedException {
    List<PythonRun> runs = new ArrayList<>();
    for (int i = 0; i < DEFAULT_RUNS; i++) {
      runs.add(python(script, s, Map.of()));
    }
    return runs;
  }

  private static PythonRun python(Path script, Setup s, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                s.architecture(),
                Integer.toString(s.size()),
                Integer.toString(s.batch()),
                Integer.toString(s.steps()),
                Integer.toString(THREADS),
                "3",
                "10")
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      System.out.println("PyTorch from Python not available: " + out.strip());
      return PythonRun.MISSING;
    }
    String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
    JsonNode json = Json.mapper().readTree(last);
    return new PythonRun(
        json.path("images_per_second").asDouble(Double.NaN),
        json.path("forward_ms").asDouble(Double.NaN),
        json.path("backward_ms").asDouble(Double.NaN),
        json.path("update_ms").asDouble(Double.NaN),
        json.path("other_ms").asDouble(Double.NaN));
  }

  private static String table(List<Line> lines) {
    StringBuilder out =
        new StringBuilder(
            "| model | input | batch | engine, synthetic tensors (img/s) | mlops end to end from"
                + " JPEG files (img/s) | end-to-end / synthetic (target >= 0.9) | loader wait /"
                + " compute (s per epoch) | PyTorch from Python, median of 3 runs (img/s) | each run"
                + " (img/s) | mlops / PyTorch (target"
                + " >= 1.0) | PyTorch, allocator settings as ours (img/s) | mlops / that |\n"
                + "|---|---|---:|---:|---:|---:|---|---:|---|---:|---:|---:|\n");
    for (Line l : lines) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %dx%d | %d | %.1f | %.1f | %.2f | %.2f / %.2f | %.1f | %s | %.2f | %.1f | %.2f |%n",
              l.setup().architecture(),
              l.setup().size(),
              l.setup().size(),
              l.setup().batch(),
              l.synthetic(),
              l.endToEnd(),
              l.endToEnd() / l.synthetic(),
              l.loaderWait(),
              l.compute(),
              l.python().imagesPerSecond(),
              l.pythonAll(),
              l.endToEnd() / l.python().imagesPerSecond(),
              l.pythonTuned().imagesPerSecond(),
              l.endToEnd() / l.pythonTuned().imagesPerSecond()));
    }
    return out.toString();
  }

  /** Milliseconds per step by part: our engine (synthetic) and both PyTorch runs. */
  private static String breakdown(List<Line> lines) {
    StringBuilder out =
        new StringBuilder(
            "| model | input | batch | run | forward + loss (ms) | backward (ms) | update (ms) |"
                + " other (ms) | step (ms) |\n|---|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (Line l : lines) {
      SyntheticThroughput.Phases p = l.phases();
      row(out, l.setup(), "mlops engine", p.forward(), p.backward(), p.update(), p.other());
      for (PythonRun r : List.of(l.python(), l.pythonTuned())) {
        String who =
            r == l.python() ? "PyTorch (median run)" : "PyTorch, allocator settings as ours";
        row(out, l.setup(), who, r.forward(), r.backward(), r.update(), r.other());
      }
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      Setup s,
      String who,
      double forward,
      double backward,
      double update,
      double other) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %dx%d | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
            s.architecture(),
            s.size(),
            s.size(),
            s.batch(),
            who,
            forward,
            backward,
            update,
            other,
            forward + backward + update + other));
  }

  private static String section(String table) {
    return String.format(
        Locale.ROOT,
        """
        ## Training throughput

        Measured %s by `benchmarks/run.sh training` (class `TrainBenchmark`) on %s (%d cores;
        %s), %d compute threads, Adam, RGB input, 10 classes; our allocator setting
        (`NativeAllocator`): %s. "Synthetic" is the engine alone: forward, backward and update on one
        random batch kept in memory, through the same step code as training (after 2 warm-up
        steps). "End to end" is the faster of epochs 2 and 3 of a real `ModelTrainer` run on generated 320x240
        JPEG files: decode (once, then cached), resize, augment (flip, rotation, colour jitter),
        normalise, batch on loader threads, train. PyTorch from Python is Debian's `python3-torch`
        running `benchmarks/pytorch_reference.py` (the same architectures, batch and thread count,
        synthetic tensors), three times as it starts by default (glibc's defaults make a whole run
        fast or slow: the table gives the median and each run) and once with glibc's
        `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_` and `MALLOC_TOP_PAD_` set to the values
        our engine sets with `mallopt`, and `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` for the huge
        pages we ask PyTorch for. The second table splits a step into forward with the loss, backward, the
        optimizer's update and the rest (creating the batch's arrays, reading back the loss,
        freeing), our synthetic steps against PyTorch's timed the same way.

        %s
        """,
        LocalDate.now(),
        MachineInfo.current().cpu(),
        Runtime.getRuntime().availableProcessors(),
        InferenceRows.cpuFlags(),
        THREADS,
        NativeAllocator.tune(),
        table);
  }

  /** The environment variables that cap the kernels' instruction set, as this JVM got them. */
  private static final List<String> ISA_CAPS =
      List.of(
          "ATEN_CPU_CAPABILITY",
          "ONEDNN_MAX_CPU_ISA",
          "DNNL_MAX_CPU_ISA",
          "MKL_ENABLE_INSTRUCTIONS",
          "OPENBLAS_CORETYPE");

  private static String cappedSection(String isa, String table) {
    String caps =
        ISA_CAPS.stream()
            .filter(name -> System.getenv(name) != null)
            .map(name -> "`" + name + "=" + System.getenv(name) + "`")
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        """
        ### Training throughput with the kernels capped at %s

        Measured %s by `TRAIN_ISA=%s benchmarks/run.sh training`: the benchmark above, on the same
        machine (%s; %d cores; %s), with both engines' CPU kernels held to %s by the environment of
        both processes: %s. PyTorch's ATen kernels, oneDNN's convolutions and the BLAS then take the
        code paths of a CPU without AVX-512, such as the AMD EPYC (Zen 1-3) the issue was measured
        on. It stands in for such a CPU's instructions, not for its cores, caches or memory.
        Our allocator setting: %s.

        %s
        """,
        isa.toUpperCase(Locale.ROOT),
        LocalDate.now(),
        isa,
        MachineInfo.current().cpu(),
        Runtime.getRuntime().availableProcessors(),
        InferenceRows.cpuFlags(),
        isa.toUpperCase(Locale.ROOT),
        caps,
        NativeAllocator.tune(),
        table);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
