package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import java.nio.file.Path;
import java.util.List;

/** The messages of an ONNX import whose file cannot be used. */
final class OnnxImportMessages {
  /** The export a user runs once to turn a torchvision state_dict into a file initFrom reads. */
  static final String PT_TO_ONNX =
      "python3 -c \"import torch, torchvision; m = torchvision.models.resnet18();"
          + " m.load_state_dict(torch.load('resnet18.pth')); torch.onnx.export(m.eval(),"
          + " torch.zeros(1, 3, 224, 224), 'resnet18.onnx', opset_version=13)\"";

  private static final String ADVICE =
      "point initFrom at an ONNX export of a torchvision resnet18 or resnet34"
          + " (torch.onnx.export of torchvision.models.resnet18()), or at the params file of a"
          + " model trained here";

  private OnnxImportMessages() {}

  static InvalidInputException pytorchFile(Path file) {
    return failure(
        file
            + " is a PyTorch file (torch.save); DJL reads TorchScript modules but not a pickled"
            + " state_dict without Python, so export it to ONNX once and point initFrom at the"
            + " .onnx file, for example: "
            + PT_TO_ONNX
            + " (resnet34 likewise)",
        file,
        null);
  }

  static InvalidInputException unreadable(Path file, Exception cause) {
    return failure(
        file
            + " is not a readable ONNX model ("
            + cause.getMessage()
            + "): it is truncated, damaged or no ONNX file; export it again, or "
            + ADVICE,
        file,
        cause);
  }

  static InvalidInputException notAResnet(Path file, String found, LayerGraph graph) {
    return failure(
        file
            + " is not a torchvision ResNet ("
            + found
            + "), so it cannot initialise "
            + graph.architecture()
            + "; "
            + ADVICE,
        file,
        null);
  }

  /** The first layer whose shape differs; names both sides and, if known, the file's layout. */
  static InvalidInputException mismatch(
      Path file,
      LayerGraph graph,
      String ours,
      List<Long> ourShape,
      String theirs,
      List<Long> theirShape,
      String fileArchitecture,
      int fileConvs,
      int ourConvs) {
    StringBuilder fix = new StringBuilder("; ");
    if (!ourShape.isEmpty() && !theirShape.isEmpty() && ours.startsWith("stem.conv")) {
      fix.append(channelHint(ourShape, theirShape));
    }
    if (fileArchitecture != null && !fileArchitecture.equals(graph.architecture())) {
      fix.append("the file holds a torchvision ")
          .append(fileArchitecture)
          .append(": set the architecture to ")
          .append(fileArchitecture)
          .append(", or ");
    }
    fix.append(ADVICE.replace("a torchvision resnet18 or resnet34", "a " + graph.architecture()));
    return failure(
        file
            + " does not fit "
            + graph.architecture()
            + ": the first mismatching layer is "
            + ours
            + " "
            + ourShape
            + ", the file has "
            + theirs
            + " "
            + theirShape
            + (fileConvs == ourConvs
                ? ""
                : " (the file has "
                    + fileConvs
                    + " convolutions, "
                    + graph.architecture()
                    + " has "
                    + ourConvs
                    + ")")
            + fix,
        file,
        null);
  }

  private static String channelHint(List<Long> ours, List<Long> theirs) {
    if (ours.size() < 2 || theirs.size() < 2 || ours.get(1).equals(theirs.get(1))) {
      return "";
    }
    return "the file expects "
        + describe(theirs.get(1))
        + " input and this model is "
        + describe(ours.get(1))
        + ": set channels to "
        + theirs.get(1)
        + " (images are converted), or ";
  }

  private static String describe(long channels) {
    return channels == 1
        ? "gray (1-channel)"
        : channels == 3 ? "RGB (3-channel)" : channels + "-channel";
  }

  static InvalidInputException failure(String message, Path file, Exception cause) {
    return new InvalidInputException(
        "initFrom: " + message, file.toString(), Remedy.setting("initFrom"), cause);
  }
}
