package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The messages of a warm start whose file does not fit the model. */
final class WarmStartCheck {
  private WarmStartCheck() {}

  /**
   * When the parameter file sits in a model directory, compares that model's graph with {@code
   * graph} (ignoring the head and input size) to name both architectures in the message. A missing
   * or unreadable graph file is not an error here: the arrays are checked anyway.
   */
  static void compareWithSavedGraph(Path file, LayerGraph graph) throws InvalidInputException {
    Path graphFile = file.resolveSibling(ModelFiles.GRAPH);
    LayerGraph saved;
    try {
      saved = LayerGraph.fromJson(Files.readAllBytes(graphFile));
    } catch (IOException e) {
      return;
    }
    if (!backbone(saved).equals(backbone(graph))) {
      throw new InvalidInputException(
          "initFrom: "
              + file
              + " holds "
              + describe(saved)
              + " weights (see "
              + graphFile
              + "), but this model is "
              + describe(graph)
              + "; point initFrom at a model trained with architecture "
              + graph.architecture()
              + " on "
              + channels(graph)
              + " images, or set the architecture to "
              + saved.architecture(),
          file.toString());
    }
  }

  /** The exception for a file whose arrays do not fit {@code graph}. */
  static InvalidInputException notFitting(
      Path file, LayerGraph graph, String detail, Exception cause) {
    return new InvalidInputException(
        "initFrom: "
            + file
            + " is not a parameter file of "
            + describe(graph)
            + " ("
            + detail
            + "); point initFrom at the params file of a model trained with architecture "
            + graph.architecture()
            + " on "
            + channels(graph)
            + " images, or at an ONNX export of a torchvision ResNet, or remove it",
        file.toString(),
        cause);
  }

  /** Everything that decides the shapes of the weights, except the class count. */
  private record Backbone(
      String architecture, int channels, List<Layer> body, String head, int headInputs) {}

  private static Backbone backbone(LayerGraph graph) {
    List<Layer> layers = graph.layers();
    Layer.Linear head = (Layer.Linear) layers.get(layers.size() - 1);
    return new Backbone(
        graph.architecture(),
        graph.channels(),
        layers.subList(0, layers.size() - 1),
        head.name(),
        head.in());
  }

  private static String describe(LayerGraph graph) {
    return graph.architecture() + " (" + channels(graph) + ")";
  }

  private static String channels(LayerGraph graph) {
    return graph.channels() == 1 ? "gray (1-channel)" : graph.channels() + "-channel";
  }
}
