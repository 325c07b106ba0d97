package dev.mlops.core.model;

import dev.mlops.core.MlopsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a warm-start file from outside this project is, known before training: recorded in the
 * fingerprint and on the model card, and used to warn about the input size.
 *
 * @param file the imported file
 * @param description format and origin, for example {@code ONNX from pytorch 1.13.0 (opset 13),
 *     torchvision resnet18 layout, batch norm folded into 20 convolutions}
 * @param inputShape the file's graph input dimensions (-1 where symbolic); empty when unknown
 */
public record WeightsImport(Path file, String description, List<Long> inputShape) {
  /** The input size ImageNet-trained torchvision weights were trained at. */
  public static final int IMAGENET_SIZE = 224;

  /** Copies the shape. */
  public WeightsImport {
    inputShape = List.copyOf(inputShape);
  }

  /**
   * Inspects {@code file}: an ONNX model gives its description; a params file written here gives
   * empty.
   *
   * @throws dev.mlops.core.InvalidInputException for a PyTorch pickle ({@code .pt}, {@code .pth})
   *     with the one-line export to ONNX, or an unreadable {@code .onnx} file
   * @throws MlopsException when the file cannot be read
   */
  public static Optional<WeightsImport> of(Path file) throws MlopsException {
    Optional<OnnxModel> model = OnnxImport.read(file);
    if (model.isEmpty()) {
      return Optional.empty();
    }
    OnnxStructure structure = OnnxStructure.of(model.get());
    return Optional.of(
        new WeightsImport(
            file, OnnxImport.describe(model.get(), structure), model.get().inputShape()));
  }

  /** File name and description, as recorded: {@code resnet18.onnx: ONNX from ...}. */
  public String origin() {
    return file.getFileName() + ": " + description;
  }

  /** The channels the file's graph input is fixed to (3 for ImageNet weights), if fixed. */
  public Optional<Integer> inputChannels() {
    if (inputShape.size() != 4) {
      return Optional.empty();
    }
    long c = inputShape.get(1);
    return c == 1 || c == 3 ? Optional.of((int) c) : Optional.empty();
  }

  /** The height and width the file's graph input is fixed to, if it is square and fixed. */
  public Optional<Integer> fixedInputSize() {
    if (inputShape.size() != 4) {
      return Optional.empty();
    }
    long h = inputShape.get(2);
    long w = inputShape.get(3);
    return h > 0 && h == w ? Optional.of(Math.toIntExact(h)) : Optional.empty();
  }

  /**
   * One warning line when the model's input size differs from the 224 px of ImageNet training, or
   * empty.
   */
  public Optional<String> inputSizeWarning(int inputSize) {
    if (inputSize == IMAGENET_SIZE) {
      return Optional.empty();
    }
    String fixed =
        fixedInputSize()
            .map(s -> " (the file's graph input is fixed at " + s + "x" + s + ")")
            .orElse("");
    return Optional.of(
        "initFrom: "
            + file.getFileName()
            + " holds torchvision weights, usually trained on "
            + IMAGENET_SIZE
            + " px ImageNet images"
            + fixed
            + "; inputSize "
            + inputSize
            + " works (the network accepts any size), but the pretrained features match best at"
            + " the size they were trained at: set inputSize to "
            + IMAGENET_SIZE
            + " unless speed matters more");
  }
}
