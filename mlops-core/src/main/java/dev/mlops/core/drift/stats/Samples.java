package dev.mlops.core.drift.stats;

/** Argument checks shared by the statistics, with messages that name the offending argument. */
final class Samples {
  private Samples() {}

  /** Rejects a null sample, one shorter than {@code minLength}, or one holding NaN or infinity. */
  static void requireFinite(String name, double[] values, int minLength) {
    if (values == null) {
      throw new IllegalArgumentException("sample " + name + " is null");
    }
    if (values.length < minLength) {
      throw new IllegalArgumentException(
          "sample "
              + name
              + (values.length == 0 ? " is empty" : " has " + values.length + " value(s)")
              + "; it needs at least "
              + minLength);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "sample "
                + name
                + " holds "
                + values[i]
                + " at index "
                + i
                + "; values must be finite");
      }
    }
  }

  /** Rejects a null or empty count vector, or one with a negative count. */
  static void requireCounts(String name, long[] counts) {
    if (counts == null || counts.length == 0) {
      throw new IllegalArgumentException(
          "counts " + name + " are " + (counts == null ? "null" : "empty"));
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(
            "counts " + name + " hold " + counts[i] + " at index " + i + "; counts must be >= 0");
      }
    }
  }

  /** Sum of non-negative counts. */
  static long total(long[] counts) {
    long sum = 0;
    for (long c : counts) {
      sum = Math.addExact(sum, c);
    }
    return sum;
  }
}
