package dev.mlops.core.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.mlops.core.Engines;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Warm start: copies trained weights into a freshly initialised block for fine-tuning. */
public final class ModelWeights {
  private ModelWeights() {}

  /**
   * Copies the parameters in {@code paramsFile} into {@code block}. The file is a params file
   * written here, or an ONNX export of a torchvision ResNet (recognised by content, imported by
   * structure: see {@link OnnxWeights}). The head (the graph's final linear layer) keeps the
   * block's fresh initial values when {@code reinitHead} is set or when the file was trained for a
   * different number of classes; everything else must match.
   *
   * @param block an initialised block from {@link DjlModels#block}; it keeps its arrays (and their
   *     manager), whose values are overwritten
   * @param paramsFile a {@value ModelFiles#PARAMS} file, or a model directory holding one
   * @throws InvalidInputException when the file does not exist, holds another architecture, or is a
   *     PyTorch pickle (the message gives the one-line export to ONNX)
   * @throws MlopsException when the file cannot be read
   */
  public static WarmStart loadInto(Block block, Path paramsFile, boolean reinitHead)
      throws MlopsException {
    if (!(block instanceof GraphBlock target)) {
      throw new IllegalArgumentException("warm start needs a block built by DjlModels.block");
    }
    if (!target.isInitialized()) {
      throw new IllegalStateException("initialise the block (DjlModels.initialize) first");
    }
    Path file = Files.isDirectory(paramsFile) ? paramsFile.resolve(ModelFiles.PARAMS) : paramsFile;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "initFrom: "
              + file
              + " does not exist; point it at the params file of a trained model (for example"
              + " target/mlops/model/params) or remove it",
          paramsFile.toString());
    }
    java.util.Optional<OnnxModel> onnx = OnnxImport.read(file);
    if (onnx.isPresent()) {
      return OnnxWeights.loadInto(target, file, onnx.get(), reinitHead);
    }
    LayerGraph graph = target.graph();
    WarmStartCheck.compareWithSavedGraph(file, graph);
    GraphBlock source = DjlModels.block(graph);
    try (NDManager scratch = Engines.pytorch().newBaseManager()) {
      ParamsIo.read(file, source, scratch);
      return copy(source, target, file, reinitHead);
    } catch (MalformedModelException e) {
      throw WarmStartCheck.notFitting(file, graph, e.getMessage(), e);
    } catch (IOException e) {
      throw new MlopsException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static WarmStart copy(GraphBlock source, GraphBlock target, Path file, boolean reinit)
      throws InvalidInputException {
    LayerGraph graph = target.graph();
    String head = graph.head() + ".";
    List<ParameterSpec> specs = graph.parameters();
    ParameterList from = source.getParameters();
    ParameterList to = target.getParameters();
    boolean headFits = true;
    for (int i = 0; i < specs.size(); i++) {
      boolean same = shape(from.valueAt(i)).equals(shape(to.valueAt(i)));
      if (!same && specs.get(i).name().startsWith(head)) {
        headFits = false;
      } else if (!same) {
        String detail = ParamsIo.mismatch(source, specs).orElse(specs.get(i).name());
        throw WarmStartCheck.notFitting(file, graph, detail, null);
      }
    }
    boolean keepHead = headFits && !reinit;
    long copied = 0;
    for (int i = 0; i < specs.size(); i++) {
      if (keepHead || !specs.get(i).name().startsWith(head)) {
        NDArray values = from.valueAt(i).getArray();
        values.copyTo(to.valueAt(i).getArray());
        copied += specs.get(i).trainable() ? values.size() : 0;
      }
    }
    int fileClasses =
        Math.toIntExact(from.get(graph.head() + ".weight").getArray().getShape().get(0));
    return new WarmStart(file, copied, !keepHead, fileClasses, graph.numClasses());
  }

  private static List<Long> shape(Parameter parameter) {
    return java.util.Arrays.stream(parameter.getArray().getShape().getShape()).boxed().toList();
  }
}
