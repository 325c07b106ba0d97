package dev.mlops.benchmarks;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.export.BenchmarkConfig;
import dev.mlops.core.export.BenchmarkReport;
import dev.mlops.core.export.BenchmarkRequest;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.InferenceBenchmark;
import dev.mlops.core.export.Int8Quantizer;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Inference latency and throughput of resnet18 (3x224x224) and cnn-small (1x32x32), 10 classes,
 * seeded random weights: DJL fp32, ONNX Runtime fp32 and int8 through {@link InferenceBenchmark},
 * and PyTorch from Python, all with 2 threads. Every exported file first passes the ONNX project's
 * own checker ({@code onnx_check.py}); a failure stops the run. Writes the "inference" section of
 * {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code InferenceBenchmarkMain <work dir> <docs/benchmarks.md> <pytorch_reference.py>
 * <onnx_check.py>}.
 */
public final class InferenceBenchmarkMain {
  static final int THREADS = 2;
  private static final int CLASSES = 10;
  static final int CALIBRATION_IMAGES = 16;
  private static final String PYTHON = "/usr/bin/python3";

  /** One model and how long to measure it: slow models get fewer calls. */
  record Setup(
      String architecture,
      int size,
      int channels,
      int warmup,
      int iterations,
      int batchWarmup,
      int batchIterations) {}

  /** PyTorch from Python at the same batch sizes and thread count; null fields when absent. */
  record Python(String framework, int threads, double p50, double p90, double p99, double ips) {}

  /** One model's results. */
  record Result(
      Setup setup,
      BenchmarkReport report,
      Python python,
      List<String> checks,
      double loadBefore,
      double others) {}

  private InferenceBenchmarkMain() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("inference");
    Path docs = Path.of(args[1]);
    Path script = Path.of(args[2]);
    Path checker = Path.of(args[3]);
    List<Setup> setups =
        List.of(
            new Setup("resnet18", 224, 3, 5, 40, 2, 6),
            new Setup("cnn-small", 32, 1, 50, 1000, 10, 300));
    List<Result> results = new ArrayList<>();
    for (Setup s : setups) {
      System.out.printf("== %s %dx%dx%d%n", s.architecture(), s.channels(), s.size(), s.size());
      Path dir = work.resolve(s.architecture() + "-" + s.size());
      LayerGraph graph = Architectures.create(s.architecture(), CLASSES, s.channels(), s.size());
      saveModel(dir.resolve("model"), graph);
      List<Path> files = export(dir, graph);
      List<String> checks = onnxCheck(checker, files);
      double loadBefore = MachineInfo.current().loadAverage();
      CpuShare start = CpuShare.now();
      BenchmarkReport report =
          new InferenceBenchmark(printing())
              .benchmark(
                  new BenchmarkRequest(
                      dir.resolve("model"),
                      files.get(0),
                      files.get(1),
                      dir.resolve("benchmark.json"),
                      dir.resolve("report"),
                      config(s)));
      Python python = python(script, s);
      results.add(new Result(s, report, python, checks, loadBefore, CpuShare.othersSince(start)));
    }
    String section = InferenceRows.section(results);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "inference", section);
  }

  private static BenchmarkConfig config(Setup s) throws Exception {
    return BenchmarkConfig.builder()
        .optWarmup(s.warmup())
        .optIterations(s.iterations())
        .optBatchWarmup(s.batchWarmup())
        .optBatchIterations(s.batchIterations())
        .optThroughputBatch(32)
        .optThreads(THREADS)
        .build();
  }

  /** The model with seeded initial weights, as the train step would write it. */
  private static void saveModel(Path dir, LayerGraph graph) throws Exception {
    try (Model model = DjlModels.newModel(graph)) {
      DjlModels.initialize(
          model.getBlock(), model.getNDManager(), graph.channels(), graph.inputSize(), 42);
      ModelFiles.save(
          dir,
          graph,
          model.getBlock(),
          labels(),
          Preprocessing.imagenet(graph.inputSize(), graph.channels()));
    }
  }

  /** Writes {@code model.onnx} and {@code model-int8.onnx} next to the model; returns both. */
  private static List<Path> export(Path dir, LayerGraph graph) throws Exception {
    try (Predictor predictor = ModelFiles.load(dir.resolve("model"))) {
      ExportMetadata metadata =
          new ExportMetadata(
              labels(),
              predictor.preprocessing(),
              "bench-" + graph.architecture(),
              "0",
              "0".repeat(64));
      Path fp32 =
          Files.write(
              dir.resolve("model.onnx"),
              OnnxTranslator.standard().export(graph, predictor.weights(), metadata));
      float[] calibration = pixels(predictor.preprocessing(), CALIBRATION_IMAGES, 7);
      Path int8 =
          Files.write(
              dir.resolve("model-int8.onnx"),
              Int8Quantizer.quantize(
                  graph, predictor.weights(), metadata, calibration, CALIBRATION_IMAGES));
      return List.of(fp32, int8);
    }
  }

  /** Random images as the model sees them: uniform pixels normalised with its mean and std. */
  private static float[] pixels(Preprocessing p, int n, long seed) {
    Random random = new Random(seed);
    int plane = p.inputSize() * p.inputSize();
    float[] pixels = new float[n * p.tensorSize()];
    for (int i = 0; i < pixels.length; i++) {
      int c = (i / plane) % p.channels();
      pixels[i] = (random.nextFloat() - p.mean()[c]) / p.std()[c];
    }
    return pixels;
  }

  private static List<String> labels() {
    return IntStream.range(0, CLASSES).mapToObj(i -> "class-" + i).toList();
  }

  /** Runs the ONNX checker over the files; any failure stops the benchmark. */
  private static List<String> onnxCheck(Path checker, List<Path> files)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON, checker.toString()));
    files.forEach(f -> command.add(f.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.print(out);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the ONNX checker rejected an exported file:\n" + out);
    }
    return out.strip().lines().toList();
  }

  private static Python python(Path script, Setup s) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                PYTHON,
                script.toString(),
                "infer",
                s.architecture(),
                Integer.toString(s.size()),
                Integer.toString(THREADS),
                Integer.toString(s.channels()),
                Integer.toString(CLASSES),
                Integer.toString(s.warmup()),
                Integer.toString(s.iterations()),
                Integer.toString(s.batchWarmup()),
                Integer.toString(s.batchIterations()),
                "32")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      System.out.println("PyTorch from Python not available: " + out.strip());
      return null;
    }
    System.out.println(out.strip());
    JsonNode json = Json.mapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
    return new Python(
        json.path("framework").asText(),
        json.path("threads").asInt(),
        json.path("p50_ms").asDouble(),
        json.path("p90_ms").asDouble(),
        json.path("p99_ms").asDouble(),
        json.path("images_per_second").asDouble());
  }

  private static Progress printing() {
    return new Progress() {
      @Override
      public void info(String message) {
        System.out.println(message);
      }

      @Override
      public void warn(String message) {
        System.out.println("WARNING " + message);
      }
    };
  }
}
