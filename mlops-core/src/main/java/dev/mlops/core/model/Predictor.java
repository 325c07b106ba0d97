package dev.mlops.core.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mlops.core.image.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A trained model ready for inference: class probabilities for batches of preprocessed images. Used
 * by evaluation, serving and drift detection; create one with {@link ModelFiles#load} and close it
 * to free the parameters.
 *
 * <p>Runs in evaluation mode (batch norm uses running statistics, dropout is off) and records no
 * gradients. Calls may run concurrently: each uses its own memory scope and only reads the
 * parameters.
 */
public final class Predictor implements AutoCloseable {
  private final Model model;
  private final GraphBlock block;
  private final List<String> labels;
  private final Preprocessing preprocessing;

  private Predictor(
      Model model, GraphBlock block, List<String> labels, Preprocessing preprocessing) {
    this.model = model;
    this.block = block;
    this.labels = labels;
    this.preprocessing = preprocessing;
  }

  static Predictor open(Path dir) throws ModelFilesException {
    LayerGraph graph = ModelFiles.readGraph(dir);
    List<String> labels = ModelFiles.readLabels(dir);
    Preprocessing preprocessing = ModelFiles.readPreprocessing(dir);
    try {
      ModelFiles.checkConsistent(graph, labels, preprocessing, dir);
    } catch (IllegalArgumentException e) {
      throw ModelFiles.damaged(dir, e);
    }
    Path params = dir.resolve(ModelFiles.PARAMS);
    if (!Files.isRegularFile(params)) {
      throw ModelFiles.missing(params);
    }
    Model model = DjlModels.newModel(graph);
    boolean opened = false;
    try {
      GraphBlock block = (GraphBlock) model.getBlock();
      ParamsIo.read(params, block, model.getNDManager());
      String mismatch = ParamsIo.mismatch(block, graph.parameters()).orElse(null);
      if (mismatch != null) {
        throw ModelFiles.damaged(params, new MalformedModelException(mismatch));
      }
      opened = true;
      return new Predictor(model, block, labels, preprocessing);
    } catch (IOException | MalformedModelException e) {
      throw ModelFiles.damaged(params, e);
    } finally {
      if (!opened) {
        model.close();
      }
    }
  }

  /**
   * Class probabilities (softmax of the scores) of a batch.
   *
   * @param pixels {@code n} preprocessed images, NCHW: {@code n * channels * inputSize * inputSize}
   *     floats
   * @param n images in the batch
   * @return {@code n} rows of {@code labels().size()} probabilities that sum to 1
   * @throws IllegalArgumentException when {@code pixels} does not hold {@code n} images
   */
  public float[][] probabilities(float[] pixels, int n) {
    int layers = block.graph().layers().size();
    return run(pixels, n, layers, labels.size(), scores -> scores.softmax(1));
  }

  /**
   * The features the head classifies (the input of the final linear layer, e.g. 512 per image for
   * resnet18): a representation of each image for drift detection and similarity.
   *
   * @param pixels {@code n} preprocessed images as for {@link #probabilities}
   * @param n images in the batch
   * @return {@code n} rows of {@link #embeddingSize()} values
   */
  public float[][] embeddings(float[] pixels, int n) {
    int layers = block.graph().layers().size();
    return run(pixels, n, layers - 1, embeddingSize(), features -> features);
  }

  /**
   * Class probabilities and embeddings of a batch from one forward pass: what drift detection
   * records per image.
   *
   * @param pixels {@code n} preprocessed images as for {@link #probabilities}
   * @param n images in the batch
   */
  public Outputs outputs(float[] pixels, int n) {
    LayerGraph graph = block.graph();
    checkBatch(graph, pixels, n);
    int layers = graph.layers().size();
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray input =
          scope.create(pixels, DjlModels.inputShape(graph.channels(), graph.inputSize(), n));
      ParameterStore store = new ParameterStore(scope, false);
      NDList features = block.forwardFirst(store, new NDList(input), layers - 1);
      NDList scores = block.forwardRange(store, features, layers - 1, layers);
      return new Outputs(
          rows(scores.singletonOrThrow().softmax(1).toFloatArray(), n, labels.size()),
          rows(features.singletonOrThrow().toFloatArray(), n, embeddingSize()));
    }
  }

  /**
   * Class probabilities from embeddings (rows of {@link #embeddingSize()} values, as {@link
   * #embeddings} returns them): the final linear layer and the softmax alone, so stored embeddings
   * need no image and no forward pass through the rest of the network.
   *
   * @throws IllegalArgumentException when a row is not {@link #embeddingSize()} long
   */
  public float[][] probabilitiesOfEmbeddings(float[][] embeddings) {
    int n = embeddings.length;
    int width = embeddingSize();
    float[] flat = new float[n * width];
    for (int i = 0; i < n; i++) {
      if (embeddings[i].length != width) {
        throw new IllegalArgumentException(
            "embedding " + i + " has " + embeddings[i].length + " values, expected " + width);
      }
      System.arraycopy(embeddings[i], 0, flat, i * width, width);
    }
    int layers = block.graph().layers().size();
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray input = scope.create(flat, new ai.djl.ndarray.types.Shape(n, width));
      NDList scores =
          block.forwardRange(
              new ParameterStore(scope, false), new NDList(input), layers - 1, layers);
      return rows(scores.singletonOrThrow().softmax(1).toFloatArray(), n, labels.size());
    }
  }

  /**
   * What {@link #outputs} returns.
   *
   * @param probabilities {@code n} rows of class probabilities
   * @param embeddings {@code n} rows of {@link #embeddingSize()} features
   */
  public record Outputs(float[][] probabilities, float[][] embeddings) {}

  /** Values per image returned by {@link #embeddings}. */
  public int embeddingSize() {
    List<Layer> layers = block.graph().layers();
    return ((Layer.Linear) layers.get(layers.size() - 1)).in();
  }

  private float[][] run(
      float[] pixels, int n, int layers, int width, UnaryOperator<NDArray> finish) {
    LayerGraph graph = block.graph();
    checkBatch(graph, pixels, n);
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray input =
          scope.create(pixels, DjlModels.inputShape(graph.channels(), graph.inputSize(), n));
      NDList output =
          block.forwardFirst(new ParameterStore(scope, false), new NDList(input), layers);
      return rows(finish.apply(output.singletonOrThrow()).toFloatArray(), n, width);
    }
  }

  private static float[][] rows(float[] flat, int n, int width) {
    float[][] rows = new float[n][width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * width, rows[i], 0, width);
    }
    return rows;
  }

  private static void checkBatch(LayerGraph graph, float[] pixels, int n) {
    long perImage = (long) graph.channels() * graph.inputSize() * graph.inputSize();
    if (n < 1 || pixels == null || pixels.length != n * perImage) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + " images of "
              + graph.channels()
              + "x"
              + graph.inputSize()
              + "x"
              + graph.inputSize()
              + " = "
              + n * perImage
              + " floats, got "
              + (pixels == null ? "null" : pixels.length));
    }
  }

  /** Class names; index = column of {@link #probabilities}. */
  public List<String> labels() {
    return labels;
  }

  /** How images must be prepared for {@link #probabilities}. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * The trained arrays by parameter name ({@code <layer>.<parameter>}, as in {@link
   * LayerGraph#parameters()}), in the graph's order: what an exporter writes.
   */
  public Map<String, float[]> weights() {
    Map<String, float[]> weights = new LinkedHashMap<>();
    block
        .getParameters()
        .forEach(pair -> weights.put(pair.getKey(), pair.getValue().getArray().toFloatArray()));
    return weights;
  }

  /** The model's layer graph. */
  public LayerGraph graph() {
    return block.graph();
  }

  /** Frees the parameters. */
  @Override
  public void close() {
    model.close();
  }
}
