package dev.mlops.core.export;

/** Whether the export also writes a quantized model. */
public enum Quantization {
  /** Only the fp32 model. */
  NONE,
  /** Also an int8 model ({@link Int8Quantizer}). */
  INT8
}
