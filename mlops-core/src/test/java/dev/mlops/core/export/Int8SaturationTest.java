package dev.mlops.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.Layer;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * int8 models must compute the same integers on x86 CPUs without VNNI as with it. These tests run
 * the arithmetic of ONNX Runtime's AVX2 U8S8 kernel ({@link Avx2U8S8Kernel}) in Java on the very
 * tensors the quantizer writes, so they fail for a saturating scheme on any CPU, this one included.
 */
class Int8SaturationTest {
  /** One input channel and a 3x3 kernel: K = 9 in (kh, kw) order in either MLAS layout. */
  private static final LayerGraph GRAPH =
      new LayerGraph(
          "saturating",
          1,
          8,
          2,
          List.of(
              new Layer.Conv2d("c1", 1, 2, 3, 1, 1, true),
              new Layer.Relu(),
              new Layer.GlobalAvgPool(),
              new Layer.Linear("fc", 2, 2)));

  private static final int IMAGES = 4;

  @Test
  void defaultScheme_brightImagesAndLargeWeights_avx2KernelIsExact() throws Exception {
    Overflow o = overflow(Int8Quantizer.DEFAULT_SCHEME);

    assertThat(o.positions()).isEqualTo(IMAGES * 2 * 64);
    assertThat(o.saturated()).as("dot products clipped by 16-bit pair sums").isZero();
    assertThat(o.maxRelativeError()).isZero();
  }

  /** The same test against the old full-range scheme: proves the test above can fail. */
  @Test
  void fullRangeScheme_brightImagesAndLargeWeights_avx2KernelSaturates() throws Exception {
    Overflow o = overflow(Int8Scheme.U8S8_FULL);

    assertThat(o.saturated()).isGreaterThan(o.positions() / 2);
    assertThat(o.maxRelativeError()).isGreaterThan(0.2);
  }

  @Test
  void u8u8Scheme_storesUnsignedWeightsWithZeroPoint128() throws Exception {
    Map<String, OnnxInitializers.Tensor> t = OnnxInitializers.read(quantize(Int8Scheme.U8U8));

    assertThat(t.get("c1.weight_q").dataType()).isEqualTo(OnnxInitializers.UINT8);
    assertThat(OnnxInitializers.integers(t.get("c1.weight_q.zero_point"))).containsOnly(128);
    assertThat(OnnxInitializers.integers(t.get("c1.weight_q"))).contains(255).doesNotContain(0);
  }

  /**
   * Any two weights of one output channel (conv) or row (linear) may meet in one 16-bit lane,
   * whatever order the kernel packs K in: their products with 255 must still fit.
   */
  @ParameterizedTest
  @ValueSource(strings = {Architectures.CNN_SMALL, Architectures.RESNET18})
  void defaultScheme_everyWeightPair_fitsA16BitLane(String architecture) throws Exception {
    LayerGraph graph = Architectures.create(architecture, 10, 3, 32);
    byte[] model =
        Int8Quantizer.quantize(
            graph,
            randomWeights(graph),
            ExportFixtures.metadata(graph),
            ExportFixtures.pixels(graph, 4, 5),
            4);

    int checked = 0;
    for (var e : OnnxInitializers.read(model).entrySet()) {
      if (!e.getKey().endsWith(".weight_q")) {
        continue;
      }
      int[] w = OnnxInitializers.integers(e.getValue());
      int rows = (int) e.getValue().dims()[0];
      int run = w.length / rows;
      for (int r = 0; r < rows; r++) {
        assertThat(255 * largestPairSum(w, r * run, run))
            .as("%s row %d", e.getKey(), r)
            .isLessThanOrEqualTo(Short.MAX_VALUE);
      }
      checked++;
    }
    assertThat(checked).isEqualTo(architecture.equals(Architectures.CNN_SMALL) ? 4 : 21);
  }

  private static int largestPairSum(int[] w, int from, int n) {
    int first = 0;
    int second = 0;
    for (int i = from; i < from + n; i++) {
      int v = Math.abs(w[i]);
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return first + second;
  }

  /** How the AVX2 kernel's result differs from the exact one over every output position. */
  record Overflow(int positions, int saturated, double maxRelativeError) {}

  private static Overflow overflow(Int8Scheme scheme) throws Exception {
    Map<String, OnnxInitializers.Tensor> t = OnnxInitializers.read(quantize(scheme));
    int[] w = OnnxInitializers.integers(t.get("c1.weight_q"));
    float scale = OnnxInitializers.floats(t.get("input_observed_q.scale"))[0];
    int zeroPoint = OnnxInitializers.integers(t.get("input_observed_q.zero_point"))[0];
    float[] pixels = brightImages();
    int side = GRAPH.inputSize();
    int positions = 0;
    int saturated = 0;
    double worst = 0;
    for (int image = 0; image < IMAGES; image++) {
      for (int c = 0; c < 2; c++) {
        int[] kernel = java.util.Arrays.copyOfRange(w, c * 9, c * 9 + 9);
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            int[] a = patch(pixels, image * side * side, side, y, x, scale, zeroPoint);
            int exact = Avx2U8S8Kernel.exact(a, kernel);
            int avx2 = Avx2U8S8Kernel.avx2(a, kernel);
            positions++;
            saturated += exact == avx2 ? 0 : 1;
            worst = Math.max(worst, Math.abs(avx2 - exact) / Math.max(1.0, Math.abs(exact)));
          }
        }
      }
    }
    return new Overflow(positions, saturated, worst);
  }

  /**
   * The 3x3 uint8 patch around (y, x) in (kh, kw) order, quantized as the model's QuantizeLinear
   * does; padding holds the zero point, as in ONNX Runtime's im2col.
   */
  private static int[] patch(
      float[] pixels, int offset, int side, int y, int x, float scale, int zeroPoint) {
    int[] a = new int[9];
    for (int kh = 0; kh < 3; kh++) {
      for (int kw = 0; kw < 3; kw++) {
        int yy = y + kh - 1;
        int xx = x + kw - 1;
        boolean inside = yy >= 0 && yy < side && xx >= 0 && xx < side;
        a[kh * 3 + kw] =
            inside
                ? (int)
                    Math.max(
                        0,
                        Math.min(
                            255, Math.rint(pixels[offset + yy * side + xx] / scale) + zeroPoint))
                : zeroPoint;
      }
    }
    return a;
  }

  private static byte[] quantize(Int8Scheme scheme) {
    return Int8Quantizer.quantize(
        GRAPH, saturatingWeights(), ExportFixtures.metadata(GRAPH), brightImages(), IMAGES, scheme);
  }

  /**
   * Channel 0 sums bright pixels with equal positive weights (every pair reaches 2 * 255 * w);
   * channel 1 has mixed signs and one dominant weight.
   */
  private static Map<String, float[]> saturatingWeights() {
    Map<String, float[]> w = new HashMap<>();
    w.put(
        "c1.weight",
        new float[] {
          0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, //
          0.9f, 0.8f, -0.3f, 0.7f, 1.0f, -0.2f, 0.6f, 0.9f, 0.1f
        });
    w.put("c1.bias", new float[] {0f, 0f});
    w.put("fc.weight", new float[] {1f, 0f, 0f, 1f});
    w.put("fc.bias", new float[] {0f, 0f});
    return w;
  }

  /** Pixels in [2.5, 3], one exactly 3: the input's uint8 values sit near 255. */
  private static float[] brightImages() {
    Random random = new Random(3);
    float[] pixels = new float[IMAGES * 64];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 2.5f + 0.5f * random.nextFloat();
    }
    pixels[0] = 3f;
    return pixels;
  }

  /** Gaussian weights of every parameter; batch-norm variances positive. */
  private static Map<String, float[]> randomWeights(LayerGraph graph) {
    Random random = new Random(11);
    Map<String, float[]> weights = new HashMap<>();
    for (ParameterSpec spec : graph.parameters()) {
      float[] values = new float[(int) spec.size()];
      for (int i = 0; i < values.length; i++) {
        double v = random.nextGaussian() * 0.1;
        values[i] = (float) (spec.name().endsWith("runningVar") ? 0.5 + Math.abs(v) : v);
      }
      weights.put(spec.name(), values);
    }
    return weights;
  }
}
