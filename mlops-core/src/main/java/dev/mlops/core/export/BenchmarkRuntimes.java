package dev.mlops.core.export;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.ModelFilesException;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.ComputeThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtimes of a {@link BenchmarkRequest}, open: the model directory in DJL and the ONNX files
 * in ONNX Runtime, all with the configured thread count. Closing frees them all.
 */
final class BenchmarkRuntimes implements AutoCloseable {
  private final List<OnnxClassifier> classifiers = new ArrayList<>();
  private final List<BenchmarkRuntime> runtimes = new ArrayList<>();
  private Predictor predictor;
  private String model;
  private Preprocessing preprocessing;

  private BenchmarkRuntimes() {}

  /**
   * Opens every runtime. Both required files are checked before anything is loaded, so a missing
   * file fails fast with the step that writes it.
   */
  static BenchmarkRuntimes open(BenchmarkRequest request, Progress progress) throws MlopsException {
    Path modelDir = request.modelDirectory();
    if (!ModelFiles.exists(modelDir)) {
      throw new ModelFilesException(
          "no trained model in " + modelDir + "; train a model first",
          modelDir,
          Remedy.run(Stage.TRAIN),
          null);
    }
    if (!Files.isRegularFile(request.onnxFile())) {
      throw new MlopsException(
          "no exported ONNX model: "
              + request.onnxFile()
              + " does not exist; export the model first",
          Remedy.run(Stage.EXPORT));
    }
    BenchmarkRuntimes open = new BenchmarkRuntimes();
    try {
      open.add(request, progress);
      return open;
    } catch (MlopsException | RuntimeException e) {
      open.close();
      throw e;
    }
  }

  private void add(BenchmarkRequest request, Progress progress) throws MlopsException {
    int threads = request.config().threads();
    Engine engine = ComputeThreads.engine(threads);
    predictor = ModelFiles.load(request.modelDirectory());
    LayerGraph graph = predictor.graph();
    model =
        String.format(
            "%s %dx%dx%d, %d classes",
            graph.architecture(),
            graph.channels(),
            graph.inputSize(),
            graph.inputSize(),
            graph.numClasses());
    preprocessing = predictor.preprocessing();
    runtimes.add(
        new BenchmarkRuntime(
            InferenceBenchmark.DJL_FP32,
            "DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion(),
            ComputeThreads.current(),
            predictor::probabilities));
    addOnnx(InferenceBenchmark.ONNX_FP32, request.onnxFile(), threads, request);
    Path int8 = request.int8File();
    if (int8 != null && Files.isRegularFile(int8)) {
      addOnnx(InferenceBenchmark.ONNX_INT8, int8, threads, request);
    } else if (int8 != null) {
      progress.info(
          "No int8 model at "
              + int8
              + ": int8 not benchmarked (export with quantize set to int8 to add it)");
    }
  }

  private void addOnnx(String name, Path file, int threads, BenchmarkRequest request)
      throws MlopsException {
    OnnxClassifier classifier = OnnxClassifier.open(file, threads);
    classifiers.add(classifier);
    if (!classifier.preprocessing().equals(preprocessing)) {
      throw new InvalidInputException(
          file
              + " expects other input ("
              + classifier.preprocessing()
              + ") than the model in "
              + request.modelDirectory()
              + " ("
              + preprocessing
              + "): it was exported from another model; export again",
          file.toString(),
          Remedy.run(Stage.EXPORT));
    }
    String version = "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion();
    runtimes.add(new BenchmarkRuntime(name, version, threads, classifier::probabilities));
  }

  String model() {
    return model;
  }

  Preprocessing preprocessing() {
    return preprocessing;
  }

  List<BenchmarkRuntime> runtimes() {
    return List.copyOf(runtimes);
  }

  /** Frees every runtime opened. */
  @Override
  public void close() {
    classifiers.forEach(OnnxClassifier::close);
    if (predictor != null) {
      predictor.close();
    }
  }
}
