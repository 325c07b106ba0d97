package dev.mlops.core.drift;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins between {@code min} and {@code max} (the last bin includes
 * {@code max}; values outside are clamped into the first or last bin), for plotting a baseline
 * against incoming data on the same axis.
 *
 * @param min the lower edge of the first bin
 * @param max the upper edge of the last bin
 * @param counts values per bin
 */
public record Histogram(double min, double max, long[] counts) {
  /** Copies the counts. */
  public Histogram {
    counts = counts.clone();
  }

  /** The histogram of {@code values} over [{@code min}, {@code max}] in {@code bins} bins. */
  public static Histogram of(double[] values, double min, double max, int bins) {
    long[] counts = new long[bins];
    double width = (max - min) / bins;
    for (double v : values) {
      int bin = width > 0 ? (int) Math.floor((v - min) / width) : 0;
      counts[Math.max(0, Math.min(bins - 1, bin))]++;
    }
    return new Histogram(min, max, counts);
  }

  /** The counts as fractions of their total (zeros when empty). */
  public double[] fractions() {
    long total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : (double) c / total).toArray();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h
        && Double.compare(min, h.min) == 0
        && Double.compare(max, h.max) == 0
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(min) * 31 + Double.hashCode(max) * 17 + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[" + min + ".." + max + ", " + Arrays.toString(counts) + "]";
  }
}
