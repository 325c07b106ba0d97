package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The architectures users can name in their configuration, as {@link LayerGraph}s. */
public final class Architectures {
  /** ResNet-18 as in torchvision: 11,176,512 + 513 * classes parameters for RGB input. */
  public static final String RESNET18 = "resnet18";

  /**
   * ResNet-34 as in torchvision (3, 4, 6 and 3 basic blocks per stage): 21,284,672 + 513 * classes
   * parameters for RGB input.
   */
  public static final String RESNET34 = "resnet34";

  /** Three conv-BN-ReLU-maxpool blocks (32/64/128 channels): the fast default for small images. */
  public static final String CNN_SMALL = "cnn-small";

  /** Smallest input both architectures reduce without collapsing to nothing. */
  public static final int MIN_INPUT_SIZE = 16;

  /** Largest input accepted; images are resized to the input size, so more only costs time. */
  public static final int MAX_INPUT_SIZE = 1024;

  private Architectures() {}

  /** The known names, sorted. */
  public static List<String> names() {
    return List.of(CNN_SMALL, RESNET18, RESNET34);
  }

  /**
   * Describes architecture {@code name} for the given classes and input.
   *
   * @throws InvalidInputException for an unknown name, fewer than 2 classes, channels other than 1
   *     or 3, or an input size outside [{@value #MIN_INPUT_SIZE}, {@value #MAX_INPUT_SIZE}]
   */
  public static LayerGraph create(String name, int numClasses, int channels, int inputSize)
      throws InvalidInputException {
    if (!names().contains(name)) {
      throw new InvalidInputException(
          "unknown architecture '" + name + "': use one of " + String.join(", ", names()), name);
    }
    if (numClasses < 2) {
      throw new InvalidInputException(
          "a classifier needs at least 2 classes, the data has "
              + numClasses
              + ": add a folder per class",
          String.valueOf(numClasses));
    }
    if (channels != 1 && channels != 3) {
      throw new InvalidInputException(
          "channels must be 1 (gray) or 3 (RGB), got " + channels, String.valueOf(channels));
    }
    if (inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
      throw new InvalidInputException(
          "input size "
              + inputSize
              + " is out of range: use "
              + MIN_INPUT_SIZE
              + " to "
              + MAX_INPUT_SIZE
              + " pixels (224 is the usual size for resnet18 and resnet34, 32-64 for cnn-small)",
          String.valueOf(inputSize));
    }
    List<Layer> layers =
        switch (name) {
          case RESNET18 -> resnet(channels, new int[] {2, 2, 2, 2});
          case RESNET34 -> resnet(channels, new int[] {3, 4, 6, 3});
          default -> cnnSmall(channels);
        };
    layers.add(new Layer.Linear("fc", name.equals(CNN_SMALL) ? 128 : 512, numClasses));
    return new LayerGraph(name, channels, inputSize, numClasses, layers);
  }

  /**
   * Everything before the head of a basic-block ResNet with {@code blocks[s]} blocks in stage s.
   */
  private static List<Layer> resnet(int channels, int[] blocks) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Conv2d("stem.conv", channels, 64, 7, 2, 3, false));
    layers.add(new Layer.BatchNorm("stem.bn", 64));
    layers.add(new Layer.Relu());
    layers.add(new Layer.MaxPool(3, 2, 1));
    int in = 64;
    for (int stage = 1; stage <= 4; stage++) {
      int width = 64 << (stage - 1);
      for (int block = 1; block <= blocks[stage - 1]; block++) {
        int stride = stage > 1 && block == 1 ? 2 : 1;
        layers.add(basicBlock("stage" + stage + ".block" + block + ".", in, width, stride));
        layers.add(new Layer.Relu());
        in = width;
      }
    }
    layers.add(new Layer.GlobalAvgPool());
    layers.add(new Layer.Flatten());
    return layers;
  }

  /** Two 3x3 convolutions; a 1x1 projection shortcut where the shape changes. */
  private static Layer.Residual basicBlock(String prefix, int in, int out, int stride) {
    List<Layer> body =
        List.of(
            new Layer.Conv2d(prefix + "conv1", in, out, 3, stride, 1, false),
            new Layer.BatchNorm(prefix + "bn1", out),
            new Layer.Relu(),
            new Layer.Conv2d(prefix + "conv2", out, out, 3, 1, 1, false),
            new Layer.BatchNorm(prefix + "bn2", out));
    List<Layer> shortcut =
        stride == 1 && in == out
            ? List.of()
            : List.of(
                new Layer.Conv2d(prefix + "downsample.conv", in, out, 1, stride, 0, false),
                new Layer.BatchNorm(prefix + "downsample.bn", out));
    return new Layer.Residual(body, shortcut);
  }

  /** Everything before the head. */
  private static List<Layer> cnnSmall(int channels) {
    List<Layer> layers = new ArrayList<>();
    int in = channels;
    int[] widths = {32, 64, 128};
    for (int i = 0; i < widths.length; i++) {
      String prefix = "block" + (i + 1) + ".";
      layers.add(new Layer.Conv2d(prefix + "conv", in, widths[i], 3, 1, 1, false));
      layers.add(new Layer.BatchNorm(prefix + "bn", widths[i]));
      layers.add(new Layer.Relu());
      layers.add(new Layer.MaxPool(2, 2, 0));
      in = widths[i];
    }
    layers.add(new Layer.GlobalAvgPool());
    layers.add(new Layer.Flatten());
    layers.add(new Layer.Dropout(0.2));
    return layers;
  }
}
