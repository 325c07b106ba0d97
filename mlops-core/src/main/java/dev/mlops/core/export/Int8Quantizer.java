package dev.mlops.core.export;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantization of a classifier as an ONNX QDQ graph that ONNX Runtime's CPU provider
 * runs with integer kernels: activations uint8 (asymmetric, ranges observed on calibration images),
 * convolution weights per output channel and linear weights per tensor, both symmetric, biases
 * int32 in the product scale. Every quantized operator has QuantizeLinear on its output as well as
 * DequantizeLinear on its inputs, which is the pattern ONNX Runtime fuses into QLinearConv,
 * QLinearAdd, QLinearGlobalAveragePool and QGemm; weight-only QDQ would only shrink the file.
 *
 * <p>Why weights are int8 in [-64, 64] ({@link #DEFAULT_SCHEME}, {@link Int8Scheme#U8S8_REDUCED}):
 * the model must give the same answers on every CPU. On x86 CPUs without VNNI (AVX2, AVX-512 before
 * VNNI) ONNX Runtime's U8S8 kernels add each pair of uint8 x int8 products in a 16-bit lane ({@code
 * vpmaddubsw}), which saturates at 32767; full-range weights ({@code 2 * 255 * 127}) clip there and
 * agree with fp32 on only 87-89% of the example's test images, while the same file agrees on 98-99%
 * with VNNI. Seven bits keep every pair within {@code 255 * 128 = 32640}, so the result is exact
 * everywhere and the fast U8S8 kernels (VNNI where present) stay; per-channel scales make up for
 * the lost bit. uint8 weights ({@link Int8Scheme#U8U8}) are also exact but have no VNNI path. The
 * measurements per scheme, natively and on an emulated AVX2 CPU, are in {@code docs/benchmarks.md}
 * ({@code benchmarks/run.sh int8-cpus}); {@code Int8SaturationTest} checks the arithmetic on the
 * written tensors on any CPU.
 *
 * <p>Before quantizing, batch norm is folded into the convolution before it, and a ReLU after a
 * convolution or residual addition is absorbed by its output's quantization: a range starting at 0
 * saturates negative values to 0. Max pooling and flattening run on the uint8 tensor directly.
 *
 * <p>Calibration runs a float version of the same folded graph in ONNX Runtime with every
 * quantization point as an output and records each point's minimum and maximum.
 */
public final class Int8Quantizer {
  /** The scheme of exported models (see the class comment for why). */
  public static final Int8Scheme DEFAULT_SCHEME = Int8Scheme.U8S8_REDUCED;

  /** Metadata key of the {@link Int8Scheme} an int8 model was written with. */
  public static final String SCHEME = "int8_scheme";

  private static final int CALIBRATION_BATCH = 32;

  private Int8Quantizer() {}

  /**
   * The encoded int8 model.
   *
   * @param weights every parameter of the graph by name
   * @param calibration {@code count} preprocessed images (NCHW), representative of real inputs
   *     (training images, not the test split)
   * @throws IllegalArgumentException for an empty calibration set or a layer the quantizer does not
   *     know
   */
  public static byte[] quantize(
      LayerGraph graph,
      Map<String, float[]> weights,
      ExportMetadata metadata,
      float[] calibration,
      int count) {
    return quantize(graph, weights, metadata, calibration, count, DEFAULT_SCHEME);
  }

  /**
   * The encoded int8 model with weights stored as {@code scheme} says; {@link #quantize(LayerGraph,
   * Map, ExportMetadata, float[], int)} uses {@link #DEFAULT_SCHEME}.
   */
  public static byte[] quantize(
      LayerGraph graph,
      Map<String, float[]> weights,
      ExportMetadata metadata,
      float[] calibration,
      int count,
      Int8Scheme scheme) {
    if (count < 1) {
      throw new IllegalArgumentException("quantization needs at least one calibration image");
    }
    Map<String, float[]> ranges = calibrate(graph, weights, metadata, calibration, count);
    OnnxGraph onnx = OnnxTranslator.start(graph, metadata, "int8");
    onnx.metadata(SCHEME, scheme.name());
    new QdqWalk(onnx, graph, weights, ranges, scheme).emitModel();
    return onnx.encode(CoreVersion.get());
  }

  /**
   * The folded float model (batch norm folded, ReLU fused) that calibration runs; its output equals
   * the original model's up to rounding. For tests.
   */
  static OnnxGraph folded(LayerGraph graph, Map<String, float[]> weights, ExportMetadata metadata) {
    OnnxGraph onnx = OnnxTranslator.start(graph, metadata, "none");
    new QdqWalk(onnx, graph, weights, null, null).emitModel();
    return onnx;
  }

  /** Min and max of every quantization point over the calibration images. */
  private static Map<String, float[]> calibrate(
      LayerGraph graph,
      Map<String, float[]> weights,
      ExportMetadata metadata,
      float[] calibration,
      int count) {
    OnnxGraph onnx = folded(graph, weights, metadata);
    Set<String> points = new LinkedHashSet<>(onnx.extraOutputs());
    int perImage = graph.channels() * graph.inputSize() * graph.inputSize();
    if (calibration.length != (long) count * perImage) {
      throw new IllegalArgumentException(
          count + " calibration images need " + (long) count * perImage + " floats");
    }
    Map<String, float[]> ranges = new HashMap<>();
    try (OnnxClassifier session = OnnxClassifier.open(onnx.encode(CoreVersion.get()), 0)) {
      for (int start = 0; start < count; start += CALIBRATION_BATCH) {
        int n = Math.min(CALIBRATION_BATCH, count - start);
        float[] batch = new float[n * perImage];
        System.arraycopy(calibration, start * perImage, batch, 0, batch.length);
        session.runFlat(batch, n, points).forEach((name, values) -> widen(ranges, name, values));
      }
    } catch (IOException | ai.onnxruntime.OrtException e) {
      throw new IllegalStateException("calibration failed in ONNX Runtime: " + e.getMessage(), e);
    }
    return ranges;
  }

  private static void widen(Map<String, float[]> ranges, String name, float[] values) {
    float[] range = ranges.computeIfAbsent(name, k -> new float[] {0f, 0f});
    for (float v : values) {
      range[0] = Math.min(range[0], v);
      range[1] = Math.max(range[1], v);
    }
  }

  /** The layer kinds {@link QdqWalk} translates. */
  static final List<Class<? extends Layer>> SUPPORTED =
      List.of(
          Layer.Conv2d.class,
          Layer.BatchNorm.class,
          Layer.Relu.class,
          Layer.MaxPool.class,
          Layer.AvgPool.class,
          Layer.Residual.class,
          Layer.GlobalAvgPool.class,
          Layer.Flatten.class,
          Layer.Linear.class,
          Layer.Dropout.class);
}
