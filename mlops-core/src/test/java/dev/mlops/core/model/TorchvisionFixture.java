package dev.mlops.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code onnx-import/torchvision_fixture.py} with the system Python (Debian {@code
 * python3-torch} and {@code python3-torchvision}, installed by {@code .ci/run}): torchvision
 * resnet18 and resnet34 with 5 classes and random weights, exported to ONNX with batch norm folded
 * and separate, 4 PNG images at {@value #SIZE} px, their ImageNet-normalised tensor and PyTorch's
 * eval-mode logits. Fails (never skips) when torchvision is missing: the parity tests are the
 * point.
 */
public final class TorchvisionFixture {
  /** Image and export input size. */
  public static final int SIZE = 64;

  /** Classes of the exported heads. */
  public static final int CLASSES = 5;

  /** Images in {@code inputs.f32}. */
  public static final int IMAGES = 4;

  private static final String PYTHON = "/usr/bin/python3";

  private TorchvisionFixture() {}

  /** Writes the fixture into {@code dir} (about 5 s and 300 MB). */
  public static Path write(Path dir) throws IOException, InterruptedException {
    Path script = dir.resolve("torchvision_fixture.py");
    try (InputStream in =
        TorchvisionFixture.class.getResourceAsStream("/onnx-import/torchvision_fixture.py")) {
      Files.copy(in, script);
    }
    Path log = dir.resolve("fixture.log");
    Process process =
        new ProcessBuilder(PYTHON, script.toString(), dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the torchvision fixture script did not finish in 5 min");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "the torchvision fixture needs "
              + PYTHON
              + " with torch and torchvision (Debian python3-torch python3-torchvision, see"
              + " .ci/run); the script failed:\n"
              + Files.readString(log));
    }
    return dir;
  }

  /** The little-endian float32 values of {@code file}. */
  public static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
