package dev.mlops.core.model;

import ai.djl.nn.Block;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.image.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * The directory of a trained model (for example {@code target/mlops/model/}):
 *
 * <ul>
 *   <li>{@value #PARAMS}: the DJL parameter file ({@link Block#saveParameters}), in the order of
 *       {@link LayerGraph#parameters()};
 *   <li>{@value #GRAPH}: the {@link LayerGraph};
 *   <li>{@value #LABELS}: the class names as a JSON list, index = model output;
 *   <li>{@value #PREPROCESSING}: the {@link Preprocessing} that prepares input images.
 * </ul>
 *
 * Each file is written atomically. The set is not: writers that need "all or nothing" write a
 * marker (the trainer's fingerprint) after {@link #save} returns.
 */
public final class ModelFiles {
  /** File name of the parameters. */
  public static final String PARAMS = "params";

  /** File name of the layer graph. */
  public static final String GRAPH = "graph.json";

  /** File name of the class names. */
  public static final String LABELS = "labels.json";

  /** File name of the preprocessing. */
  public static final String PREPROCESSING = "preprocessing.json";

  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private ModelFiles() {}

  /**
   * Writes a model to {@code dir}, creating it.
   *
   * @param block the initialised (trained) block of {@code graph}
   * @param labels class names, index = output of the model
   * @throws IllegalArgumentException when the parts do not describe the same model
   * @throws ModelFilesException when a file cannot be written
   */
  public static void save(
      Path dir, LayerGraph graph, Block block, List<String> labels, Preprocessing preprocessing)
      throws ModelFilesException {
    checkConsistent(graph, labels, preprocessing, dir);
    ParamsIo.mismatch(block, graph.parameters())
        .ifPresent(
            m -> {
              throw new IllegalArgumentException("the block is not the graph's block: " + m);
            });
    writeParams(dir.resolve(PARAMS), block);
    write(dir.resolve(GRAPH), graph.toJson());
    write(dir.resolve(LABELS), Json.pretty(List.copyOf(labels)));
    write(dir.resolve(PREPROCESSING), Json.pretty(preprocessing));
  }

  /**
   * Loads the model in {@code dir} for inference. Close the predictor to free its memory.
   *
   * @throws ModelFilesException when a file is missing, unreadable or does not match the others
   */
  public static Predictor load(Path dir) throws ModelFilesException {
    return Predictor.open(dir);
  }

  /** Whether {@code dir} holds all four files of a model. */
  public static boolean exists(Path dir) {
    return List.of(PARAMS, GRAPH, LABELS, PREPROCESSING).stream()
        .allMatch(name -> Files.isRegularFile(dir.resolve(name)));
  }

  /** Writes the parameters of an initialised block atomically (also for checkpoints). */
  public static void writeParams(Path file, Block block) throws ModelFilesException {
    try {
      ParamsIo.write(file, block);
    } catch (IOException e) {
      throw new ModelFilesException("cannot write " + file + ": " + e.getMessage(), file, e);
    }
  }

  /** Reads {@value #GRAPH} of the model in {@code dir}. */
  public static LayerGraph readGraph(Path dir) throws ModelFilesException {
    Path file = dir.resolve(GRAPH);
    try {
      return LayerGraph.fromJson(read(file));
    } catch (IOException e) {
      throw damaged(file, e);
    }
  }

  /** Reads {@value #LABELS} of the model in {@code dir}. */
  public static List<String> readLabels(Path dir) throws ModelFilesException {
    Path file = dir.resolve(LABELS);
    List<String> labels;
    try {
      labels = Json.mapper().readValue(read(file), STRING_LIST);
    } catch (IOException e) {
      throw damaged(file, e);
    }
    if (labels == null || labels.contains(null)) {
      throw damaged(file, new IOException("expected a JSON list of class names"));
    }
    return List.copyOf(labels);
  }

  /** Reads {@value #PREPROCESSING} of the model in {@code dir}. */
  public static Preprocessing readPreprocessing(Path dir) throws ModelFilesException {
    Path file = dir.resolve(PREPROCESSING);
    try {
      return Json.mapper().readValue(read(file), Preprocessing.class);
    } catch (IOException e) {
      throw damaged(file, e);
    }
  }

  /** Checks that the labels and preprocessing fit the graph; {@code dir} is for the message. */
  static void checkConsistent(
      LayerGraph graph, List<String> labels, Preprocessing preprocessing, Path dir) {
    if (labels.size() != graph.numClasses() || new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException(
          dir
              + ": need "
              + graph.numClasses()
              + " distinct labels for "
              + graph.architecture()
              + ", got "
              + labels);
    }
    if (preprocessing.channels() != graph.channels()
        || preprocessing.inputSize() != graph.inputSize()) {
      throw new IllegalArgumentException(
          dir + ": preprocessing " + preprocessing + " does not fit " + graph.summary());
    }
  }

  private static byte[] read(Path file) throws ModelFilesException, IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw missing(file);
    }
  }

  static ModelFilesException missing(Path file) {
    return new ModelFilesException(
        "no trained model in "
            + file.getParent()
            + ": "
            + file.getFileName()
            + " is missing; train a model first",
        file,
        Remedy.run(Stage.TRAIN),
        null);
  }

  static ModelFilesException damaged(Path file, Exception cause) {
    return new ModelFilesException(
        "cannot read "
            + file
            + ": "
            + cause.getMessage()
            + "; the model directory is damaged or mixed from two runs: delete it and train again",
        file,
        Remedy.run(Stage.TRAIN),
        cause);
  }

  private static void write(Path file, byte[] bytes) throws ModelFilesException {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new ModelFilesException("cannot write " + file + ": " + e.getMessage(), file, e);
    }
  }
}
