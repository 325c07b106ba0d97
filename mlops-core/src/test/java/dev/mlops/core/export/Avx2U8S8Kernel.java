package dev.mlops.core.export;

/**
 * The arithmetic of ONNX Runtime's U8S8 integer kernels on x86 CPUs without VNNI (MLAS, AVX2 and
 * AVX-512BW): {@code vpmaddubsw} multiplies uint8 activations by int8 weights and adds each pair of
 * neighbouring products along K into a signed 16-bit lane, saturating at [-32768, 32767]; {@code
 * vpmaddwd} against ones then adds pairs of those lanes exactly in 32 bits. With VNNI, {@code
 * vpdpbusd} adds all four products in 32 bits and nothing saturates.
 *
 * <p>Assumption: MLAS packs the weights so that K elements {@code 2j} and {@code 2j+1} share a
 * lane, in the order of its im2col buffer: {@code (kh, kw, cin)} for ONNX Runtime's NHWC
 * QLinearConv, {@code (cin, kh, kw)} for the NCHW one. The tests use one input channel, where both
 * orders are {@code (kh, kw)}; the pair invariant test covers every order. The raw uint8 values are
 * multiplied (zero points are corrected afterwards from row and column sums), so a pair can reach
 * {@code 255 * (|w_a| + |w_b|)}.
 */
final class Avx2U8S8Kernel {
  private Avx2U8S8Kernel() {}

  /** {@code sum_k a[k] * w[k]} in 32 bits: what VNNI computes. */
  static int exact(int[] a, int[] w) {
    int sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * w[k];
    }
    return sum;
  }

  /** The same dot product with each pair of products saturated to 16 bits, as AVX2 computes it. */
  static int avx2(int[] a, int[] w) {
    int sum = 0;
    for (int k = 0; k < a.length; k += 2) {
      int pair = a[k] * w[k] + (k + 1 < a.length ? a[k + 1] * w[k + 1] : 0);
      sum += Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, pair));
    }
    return sum;
  }
}
