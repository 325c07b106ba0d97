package dev.mlops.core.export;

/**
 * How {@link Int8Quantizer} stores weights; activations are uint8 in every scheme. The choice
 * matters on x86 CPUs without VNNI (AVX2, or AVX-512 without VNNI): there ONNX Runtime's U8S8
 * kernels multiply with {@code vpmaddubsw}, which adds two neighbouring uint8 x int8 products into
 * a signed 16-bit lane and saturates at 32767. {@code 255 * 127 * 2 = 64770} does not fit, so
 * full-range int8 weights silently clip sums on those CPUs while the same file is exact on CPUs
 * with VNNI ({@code vpdpbusd} adds in 32 bits). See {@code docs/benchmarks.md} for the measurements
 * behind the default.
 */
public enum Int8Scheme {
  /**
   * The default: int8 weights in [-64, 64] (7 bits, ONNX Runtime's {@code reduce_range}), per
   * output channel for convolutions. Any two neighbouring products stay within {@code 255 * (64 +
   * 64) = 32640 <= 32767}, so the fast U8S8 kernels are exact on every x86 CPU; the cost is one bit
   * of weight precision, which per-channel scales make up for.
   */
  U8S8_REDUCED(64, false),

  /**
   * int8 weights in [-127, 127]: one more bit, exact only with VNNI/AMX (or on ARM). On AVX2 CPUs
   * the sums saturate (89% top-1 agreement with fp32 instead of 99% on the example). Kept to
   * measure what {@link #U8S8_REDUCED} fixes; do not ship it.
   */
  U8S8_FULL(127, false),

  /**
   * uint8 weights (symmetric values in [-127, 127] stored with zero point 128): exact everywhere,
   * since ONNX Runtime's U8U8 kernels widen both sides to 16 bits before multiplying, but they have
   * no VNNI path and are slower where VNNI exists.
   */
  U8U8(127, true);

  private final int limit;
  private final boolean unsignedWeights;

  Int8Scheme(int limit, boolean unsignedWeights) {
    this.limit = limit;
    this.unsignedWeights = unsignedWeights;
  }

  /** The largest |quantized weight|. */
  int limit() {
    return limit;
  }

  /** Whether weights are stored as uint8 with zero point 128 instead of int8 with zero point 0. */
  boolean unsignedWeights() {
    return unsignedWeights;
  }
}
