package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark goal: missing files name the file and the step that writes it; a tiny model is
 * measured in the real runtimes and logged as a table.
 */
@MojoTest
class BenchmarkMojoTest {
  private static final List<String> LABELS = List.of("a", "b");

  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();

  private BenchmarkMojo prepare(BenchmarkMojo mojo) throws Exception {
    mojo.setLog(log);
    Path target = tmp.resolve("target/mlops");
    setVariableValueToObject(mojo, "modelDirectory", target.resolve("model").toFile());
    setVariableValueToObject(mojo, "onnxFile", target.resolve("model.onnx").toFile());
    setVariableValueToObject(mojo, "int8File", target.resolve("model-int8.onnx").toFile());
    setVariableValueToObject(mojo, "output", target.resolve("benchmark.json").toFile());
    setVariableValueToObject(mojo, "reportDirectory", target.resolve("report").toFile());
    setVariableValueToObject(mojo, "warmup", 1);
    setVariableValueToObject(mojo, "iterations", 3);
    setVariableValueToObject(mojo, "batchWarmup", 1);
    setVariableValueToObject(mojo, "batchIterations", 1);
    setVariableValueToObject(mojo, "throughputBatch", 2);
    setVariableValueToObject(mojo, "threads", 1);
    return mojo;
  }

  /** A cnn-small model with seeded random weights in {@code target/mlops/model}. */
  private LayerGraph saveModel() throws Exception {
    LayerGraph graph = Architectures.create("cnn-small", LABELS.size(), 1, 16);
    try (Model model = DjlModels.newModel(graph)) {
      DjlModels.initialize(model.getBlock(), model.getNDManager(), 1, 16, 42);
      ModelFiles.save(
          tmp.resolve("target/mlops/model"),
          graph,
          model.getBlock(),
          LABELS,
          Preprocessing.imagenet(16, 1));
    }
    return graph;
  }

  private void export(LayerGraph graph) throws Exception {
    try (Predictor predictor = ModelFiles.load(tmp.resolve("target/mlops/model"))) {
      ExportMetadata metadata =
          new ExportMetadata(LABELS, predictor.preprocessing(), "test", "1.0", "0".repeat(64));
      Files.write(
          tmp.resolve("target/mlops/model.onnx"),
          OnnxTranslator.standard().export(graph, predictor.weights(), metadata));
    }
  }

  @Test
  @InjectMojo(goal = "benchmark")
  void benchmark_noTrainedModel_isAnExecutionErrorSayingWhatToRun(BenchmarkMojo mojo)
      throws Exception {
    prepare(mojo);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "no trained model in "
                + tmp.resolve("target/mlops/model")
                + "; train a model first (`mvn mlops:train`)");
  }

  @Test
  @Tag("pytorch")
  @InjectMojo(goal = "benchmark")
  void benchmark_noOnnxFile_isAnExecutionErrorNamingFileAndPackage(BenchmarkMojo mojo)
      throws Exception {
    prepare(mojo);
    saveModel();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining(tmp.resolve("target/mlops/model.onnx") + " does not exist")
        .hasMessageEndingWith("export the model first (`mvn package`)");
  }

  @Test
  @InjectMojo(goal = "benchmark")
  void benchmark_zeroIterations_failsNamingValueAndProperty(BenchmarkMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "iterations", 0);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("iterations is '0'")
        .hasMessageEndingWith(
            "(<iterations> in the plugin configuration, or -Dmlops.benchmark.iterations=...)");
  }

  @Test
  @Tag("pytorch")
  @InjectMojo(goal = "benchmark")
  void benchmark_exportedModel_logsTableAndWritesJsonAndPage(BenchmarkMojo mojo) throws Exception {
    prepare(mojo);
    export(saveModel());

    mojo.execute();

    assertThat(log.lines)
        .contains(
            "[INFO] runtime              threads    p50 ms    p90 ms    p99 ms   img/s (b2)",
            "[INFO] No int8 model at "
                + tmp.resolve("target/mlops/model-int8.onnx")
                + ": int8 not benchmarked (export with quantize set to int8 to add it)");
    assertThat(log.lines)
        .anyMatch(
            l -> l.matches("\\[INFO] DJL PyTorch fp32 +1 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+"))
        .anyMatch(l -> l.matches("\\[INFO] ONNX Runtime fp32 +1 +[0-9.]+ .*"))
        .anyMatch(
            l ->
                l.startsWith("[INFO] Benchmarked 2 runtimes on cnn-small 1x16x16, 2 classes (")
                    && l.contains("ONNX Runtime fp32 p50 "));
    assertThat(tmp.resolve("target/mlops/benchmark.json")).exists();
    assertThat(tmp.resolve("target/mlops/report/benchmark.html")).exists();
  }

  @Test
  @InjectMojo(goal = "benchmark")
  void benchmark_skipped_saysWhy(BenchmarkMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "skipBenchmark", true);

    mojo.execute();

    assertThat(log.lines)
        .containsExactly("[INFO] Skipping benchmark: mlops.benchmark.skip is true");
  }
}
