package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises the file {@code initFrom} names: a params file written here, an ONNX export of a
 * torchvision ResNet, or a PyTorch pickle (refused with the one-line export to ONNX).
 */
final class OnnxImport {
  private static final int PROBE = 8;

  private OnnxImport() {}

  /**
   * The file as an ONNX model, or empty when it is a params file written here (or another file the
   * params reader then refuses). Decided by content: a file that parses as a ModelProto whose graph
   * has nodes is ONNX whatever its name.
   *
   * @throws InvalidInputException for a PyTorch pickle, or a {@code .onnx} file that does not parse
   * @throws MlopsException when the file cannot be read
   */
  static Optional<OnnxModel> read(Path file) throws MlopsException {
    byte[] start = probe(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (isPytorch(name, start)) {
      throw OnnxImportMessages.pytorchFile(file);
    }
    if (ParamsIo.startsLikeParams(start) && !name.endsWith(".onnx")) {
      return Optional.empty();
    }
    try {
      return Optional.of(OnnxModel.parse(Files.readAllBytes(file)));
    } catch (IOException | RuntimeException e) {
      // Arbitrary bytes may fail anywhere in the decoder; only a .onnx name makes that an error.
      if (name.endsWith(".onnx")) {
        throw OnnxImportMessages.unreadable(file, e);
      }
      return Optional.empty();
    } catch (OutOfMemoryError e) {
      throw new MlopsException("initFrom: " + file + " is too large to read: " + e, e);
    }
  }

  /**
   * One line on what the file is, for logs and the model card: producer, opset, layout, batch norm.
   */
  static String describe(OnnxModel model, OnnxStructure structure) {
    String architecture = architectureOf(structure);
    long folded = structure.foldedCount();
    int convs = structure.convs().size();
    String layout =
        architecture == null
            ? convs + " convolutions, not a torchvision ResNet layout"
            : "torchvision " + architecture + " layout";
    String norms =
        folded == 0
            ? "batch norm separate"
            : folded == convs
                ? "batch norm folded into " + convs + " convolutions"
                : "batch norm folded into " + folded + " of " + convs + " convolutions";
    String producer = model.producer().isEmpty() ? "an unknown producer" : model.producer();
    return "ONNX from "
        + producer
        + (model.opset() > 0 ? " (opset " + model.opset() + ")" : "")
        + ", "
        + layout
        + ", "
        + norms;
  }

  /**
   * The torchvision architecture a file's structure has (resnet18: 20 convolutions, resnet34: 36,
   * both with a 64-channel 7x7 stem and a 512-feature head), or null.
   */
  static String architectureOf(OnnxStructure structure) {
    List<OnnxStructure.Conv> convs = structure.convs();
    if (convs.isEmpty() || structure.head() == null || convs.get(0).weight() == null) {
      return null;
    }
    List<Long> stem = convs.get(0).weight().dims();
    boolean resnetStem = stem.size() == 4 && stem.get(0) == 64 && stem.get(2) == 7;
    OnnxModel.Tensor head = structure.head().weight();
    if (!resnetStem
        || head == null
        || head.dims().size() != 2
        || structure.head().features() != 512) {
      return null;
    }
    return switch (convs.size()) {
      case 20 -> Architectures.RESNET18;
      case 36 -> Architectures.RESNET34;
      default -> null;
    };
  }

  private static boolean isPytorch(String name, byte[] start) {
    boolean zip = start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3;
    // Legacy torch.save writes a pickle: protocol marker 0x80 and a protocol number 2 to 5.
    boolean pickle =
        start.length >= 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5;
    return name.endsWith(".pt") || name.endsWith(".pth") || zip || pickle;
  }

  private static byte[] probe(Path file) throws MlopsException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(PROBE);
    } catch (IOException e) {
      throw new MlopsException("cannot read the initFrom file " + file + ": " + e, e);
    }
  }
}
