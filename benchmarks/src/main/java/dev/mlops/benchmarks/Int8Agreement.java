package dev.mlops.benchmarks;

import dev.mlops.core.export.Int8Scheme;
import dev.mlops.core.export.OnnxClassifier;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Top-1 agreement of each int8 model of a case directory with its fp32 model, both run by ONNX
 * Runtime in this process; {@link Int8CpusBenchmark} runs it natively and under {@code qemu-x86_64
 * -cpu Haswell}, where ONNX Runtime's kernels see an AVX2 CPU without AVX-512 or VNNI. Needs only
 * ONNX Runtime and the core (no PyTorch), so the emulated JVM stays small.
 *
 * <p>A case directory holds {@code fp32.onnx}, {@code int8-<SCHEME>.onnx} per {@link Int8Scheme},
 * and the preprocessed test images: {@code test.f32} (NCHW floats, little endian) and {@code
 * test.labels} (one int per image). Prints one line per scheme: {@code AGREE <case> <scheme>
 * <images> <fp32 accuracy> <int8 accuracy> <agreement>}.
 *
 * <p>Usage: {@code Int8Agreement <case dir>...}
 */
public final class Int8Agreement {
  private static final int BATCH = 50;

  private Int8Agreement() {}

  /** Measures every case directory given. */
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      Path dir = Path.of(arg);
      int[] labels = readLabels(dir.resolve("test.labels"));
      float[] pixels = readFloats(dir.resolve("test.f32"));
      int[] fp32 = predict(dir.resolve("fp32.onnx"), pixels, labels.length);
      for (Int8Scheme scheme : Int8Scheme.values()) {
        Path file = dir.resolve("int8-" + scheme + ".onnx");
        if (!Files.isRegularFile(file)) {
          continue;
        }
        int[] int8 = predict(file, pixels, labels.length);
        int agree = 0;
        int fp32Right = 0;
        int int8Right = 0;
        for (int i = 0; i < labels.length; i++) {
          agree += fp32[i] == int8[i] ? 1 : 0;
          fp32Right += fp32[i] == labels[i] ? 1 : 0;
          int8Right += int8[i] == labels[i] ? 1 : 0;
        }
        double n = labels.length;
        System.out.printf(
            Locale.ROOT,
            "AGREE %s %s %d %.4f %.4f %.4f%n",
            dir.getFileName(),
            scheme,
            labels.length,
            fp32Right / n,
            int8Right / n,
            agree / n);
      }
    }
  }

  /** Top-1 class of every image, one thread (the emulated CPU is slow either way). */
  static int[] predict(Path model, float[] pixels, int n) throws Exception {
    int[] top = new int[n];
    int perImage = pixels.length / n;
    try (OnnxClassifier onnx = OnnxClassifier.open(model, 1)) {
      for (int start = 0; start < n; start += BATCH) {
        int count = Math.min(BATCH, n - start);
        float[] batch = new float[count * perImage];
        System.arraycopy(pixels, start * perImage, batch, 0, batch.length);
        float[][] p = onnx.probabilities(batch, count);
        for (int i = 0; i < count; i++) {
          top[start + i] = argmax(p[i]);
        }
      }
    }
    return top;
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(buffer.array());
    }
  }

  static float[] readFloats(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  static void writeLabels(Path file, int[] labels) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(labels.length * 4);
    buffer.asIntBuffer().put(labels);
    Files.write(file, buffer.array());
  }

  static int[] readLabels(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      int[] labels = new int[(int) (Files.size(file) / 4)];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = data.readInt();
      }
      return labels;
    }
  }
}
