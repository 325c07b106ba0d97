package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.ModelFilesException;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark on a tiny model in the real runtimes: structure, counts and ordering of the
 * numbers, never timing thresholds.
 */
@Tag("pytorch")
class InferenceBenchmarkTest {
  @TempDir Path dir;

  private final LayerGraph graph = graph(16);

  private final List<String> lines = new ArrayList<>();

  private final Progress progress = ProgressLog.to(lines);

  private static LayerGraph graph(int size) {
    try {
      return Architectures.create("cnn-small", 3, 1, size);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BenchmarkConfig config() throws InvalidInputException {
    return BenchmarkConfig.builder()
        .optWarmup(1)
        .optIterations(7)
        .optBatchWarmup(1)
        .optBatchIterations(2)
        .optThroughputBatch(4)
        .optThreads(1)
        .build();
  }

  /** A saved model and its fp32 export. */
  private Path exported() throws Exception {
    ExportFixtures.save(dir.resolve("model"), graph, 7);
    try (Predictor predictor = ModelFiles.load(dir.resolve("model"))) {
      byte[] onnx =
          OnnxTranslator.standard()
              .export(graph, predictor.weights(), ExportFixtures.metadata(graph));
      return Files.write(dir.resolve("model.onnx"), onnx);
    }
  }

  private BenchmarkRequest request(Path onnx, Path int8) throws Exception {
    return new BenchmarkRequest(
        dir.resolve("model"),
        onnx,
        int8,
        dir.resolve("out/benchmark.json"),
        dir.resolve("report"),
        config());
  }

  @Test
  void benchmark_modelAndExport_measuresEachRuntimeWithOrderedPercentiles() throws Exception {
    Path onnx = exported();

    BenchmarkReport report =
        new InferenceBenchmark(progress).benchmark(request(onnx, dir.resolve("none.onnx")));

    assertThat(report.model()).isEqualTo("cnn-small 1x16x16, 3 classes");
    assertThat(report.runtimes())
        .extracting(RuntimeResult::name)
        .containsExactly(InferenceBenchmark.DJL_FP32, InferenceBenchmark.ONNX_FP32);
    for (RuntimeResult r : report.runtimes()) {
      LatencyStats l = r.latency();
      assertThat(r.threads()).isEqualTo(1);
      assertThat(l.batch()).isEqualTo(1);
      assertThat(l.iterations()).isEqualTo(7);
      assertThat(l.minMs()).isPositive().isLessThanOrEqualTo(l.p50Ms());
      assertThat(l.p50Ms()).isLessThanOrEqualTo(l.p90Ms());
      assertThat(l.p90Ms()).isLessThanOrEqualTo(l.p99Ms());
      assertThat(l.p99Ms()).isLessThanOrEqualTo(l.maxMs());
      assertThat(r.throughput().batch()).isEqualTo(4);
      assertThat(r.throughput().iterations()).isEqualTo(2);
      assertThat(r.throughput().imagesPerSecond()).isPositive();
    }
    assertThat(report.runtimes().get(0).version()).startsWith("DJL ").contains("PyTorch ");
    assertThat(report.runtimes().get(1).version()).startsWith("ONNX Runtime 1.");
    assertThat(report.runtimes().get(0).maxProbabilityDelta()).isNull();
    // The same fp32 weights in two runtimes: equal up to float rounding.
    assertThat(report.runtimes().get(1).maxProbabilityDelta()).isBetween(0.0, 1e-4);
    assertThat(report.machine().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(report.machine().java()).contains(System.getProperty("java.runtime.version"));
  }

  @Test
  void benchmark_writesJsonAndLinkedPageAndReportsProgress() throws Exception {
    Path onnx = exported();
    Files.createDirectories(dir.resolve("report"));
    Files.writeString(
        dir.resolve("report/index.html"),
        "<html><body>\n" + "<!-- mlops:pages:start -->\n<!-- mlops:pages:end -->\n</body></html>");

    new InferenceBenchmark(progress).benchmark(request(onnx, dir.resolve("none.onnx")));

    JsonNode json = Json.mapper().readTree(dir.resolve("out/benchmark.json").toFile());
    assertThat(json.path("runtimes")).hasSize(2);
    assertThat(json.path("runtimes").get(1).path("latency").path("p99Ms").asDouble()).isPositive();
    assertThat(json.path("config").path("threads").asInt()).isEqualTo(1);
    assertThat(json.path("machine").path("cores").asInt()).isPositive();
    assertThat(Files.readString(dir.resolve("report/benchmark.html")))
        .contains("<th>DJL PyTorch fp32</th>", "<th>ONNX Runtime fp32</th>", "reference");
    assertThat(Files.readString(dir.resolve("report/index.html")))
        .contains("<a href=\"benchmark.html\">");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("No int8 model at " + dir.resolve("none.onnx")))
        .anyMatch(l -> l.startsWith("Benchmarking ONNX Runtime fp32 (ONNX Runtime 1."))
        .anyMatch(l -> l.matches("  DJL PyTorch fp32: batch 1 p50 [0-9.]+ ms, .*"));
  }

  @Test
  void benchmark_withInt8Export_measuresThreeRuntimesInOrder() throws Exception {
    Path onnx = exported();
    byte[] int8;
    try (Predictor predictor = ModelFiles.load(dir.resolve("model"))) {
      int8 =
          Int8Quantizer.quantize(
              graph,
              predictor.weights(),
              ExportFixtures.metadata(graph),
              ExportFixtures.pixels(graph, 8, 3),
              8);
    }
    Path int8File = Files.write(dir.resolve("model-int8.onnx"), int8);

    BenchmarkReport report = new InferenceBenchmark(progress).benchmark(request(onnx, int8File));

    assertThat(report.runtimes())
        .extracting(RuntimeResult::name)
        .containsExactly(
            InferenceBenchmark.DJL_FP32,
            InferenceBenchmark.ONNX_FP32,
            InferenceBenchmark.ONNX_INT8);
    RuntimeResult r = report.runtime(InferenceBenchmark.ONNX_INT8).orElseThrow();
    assertThat(r.latency().iterations()).isEqualTo(7);
    assertThat(r.latency().p50Ms()).isLessThanOrEqualTo(r.latency().p99Ms());
    assertThat(r.maxProbabilityDelta()).isBetween(0.0, 1.0);
    assertThat(lines).noneMatch(l -> l.startsWith("No int8 model"));
  }

  @Test
  void run_timeBudget_stopsEarlyAfterAtLeastOneCall() throws Exception {
    InferenceFunction slow =
        (pixels, n) -> {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new float[n][3];
        };
    BenchmarkConfig config =
        BenchmarkConfig.builder()
            .optWarmup(0)
            .optIterations(1000)
            .optBatchWarmup(0)
            .optBatchIterations(1000)
            .optTimeBudgetSeconds(0.1)
            .build();

    BenchmarkReport report =
        new InferenceBenchmark(Progress.NONE)
            .run(
                config,
                "sleeper",
                Preprocessing.imagenet(16, 1),
                List.of(new BenchmarkRuntime("sleeper", "none", 1, slow)));

    RuntimeResult r = report.runtimes().get(0);
    assertThat(r.latency().iterations()).isBetween(1, 100);
    assertThat(r.throughput().iterations()).isBetween(1, 100);
  }

  @Test
  void benchmark_noTrainedModel_namesDirectoryAndTrainStep() {
    assertThatThrownBy(
            () ->
                new InferenceBenchmark(progress)
                    .benchmark(request(dir.resolve("model.onnx"), null)))
        .isInstanceOf(ModelFilesException.class)
        .hasMessageContaining(dir.resolve("model").toString())
        .hasMessageContaining("train a model first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void benchmark_noExportedModel_namesFileAndPackage() throws Exception {
    ExportFixtures.save(dir.resolve("model"), graph, 7);

    assertThatThrownBy(
            () ->
                new InferenceBenchmark(progress)
                    .benchmark(request(dir.resolve("model.onnx"), null)))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining("export the model first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.EXPORT));
  }

  @Test
  void benchmark_onnxOfAnotherModel_failsNamingTheFile() throws Exception {
    Path onnx = exported();
    LayerGraph bigger = graph(32);
    ExportFixtures.save(dir.resolve("model"), bigger, 7);

    assertThatThrownBy(() -> new InferenceBenchmark(progress).benchmark(request(onnx, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(onnx.toString())
        .hasMessageContaining("export again");
  }
}
