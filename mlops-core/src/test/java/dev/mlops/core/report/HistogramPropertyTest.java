package dev.mlops.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random histograms, weighted to the awkward (degenerate, huge, tiny, negative, large
 * offsets, one bin, all mass in one bin): each is drawn or, when it cannot be, falls back to a note
 * and a table, in well under a second. Most are drawn small, where long labels barely fit (and
 * encoding is faster), the rest at the page's size, where the legend and labels of issue 11 hung.
 * Reverting the fix makes this test fail (a chart times out after 5 s), not hang.
 */
class HistogramPropertyTest {
  private static final int CASES = 3000;
  private static final int FULL_SIZE_CASES = 200;
  private static final long SEED = 20261205L;
  private static final long MAX_NANOS = 1_000_000_000L;

  /** One generated case: bounds and counts, and whether a chart must come out of it. */
  record Case(double min, double max, Map<String, long[]> counts, boolean drawable) {
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("[" + min + ", " + max + "]");
      counts.forEach((name, c) -> out.append(' ').append(name).append(Arrays.toString(c)));
      return out.toString();
    }
  }

  static Case generate(Random r) {
    int bins =
        switch (r.nextInt(4)) {
          case 0 -> 1;
          case 1 -> 1 + r.nextInt(5);
          default -> 1 + r.nextInt(100);
        };
    Map<String, long[]> counts = new LinkedHashMap<>();
    counts.put("baseline", counts(r, bins));
    counts.put("incoming", counts(r, bins));
    double[] range = range(r);
    double min = range[0];
    double max = range[1];
    boolean drawable = Double.isFinite(min) && Double.isFinite(max) && max > min;
    return new Case(min, max, counts, drawable);
  }

  private static long[] counts(Random r, int bins) {
    long[] c = new long[bins];
    switch (r.nextInt(5)) {
      case 0 -> {} // all zero
      case 1 -> c[r.nextInt(bins)] = 1 + r.nextInt(1000); // all the mass in one bin
      case 2 -> Arrays.fill(c, Long.MAX_VALUE / 2); // sums beyond a long
      default -> {
        for (int b = 0; b < bins; b++) {
          c[b] = r.nextInt(3) == 0 ? 0 : r.nextInt(200);
        }
      }
    }
    return c;
  }

  private static double[] range(Random r) {
    double a = r.nextGaussian();
    return switch (r.nextInt(14)) {
      case 0 -> new double[] {a, a}; // every value the same
      case 1 -> new double[] {Double.NaN, a};
      case 2 -> new double[] {a, Double.POSITIVE_INFINITY};
      case 3 -> new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
      case 4 -> new double[] {a + 1, a}; // reversed
      case 5 -> span(Math.pow(10, 12 + r.nextInt(289)) * (1 + r.nextDouble()), r); // 1e12..1e300
      case 6 -> span(Math.pow(10, -300 + r.nextInt(10)) * (1 + r.nextDouble()), r); // 1e-300
      case 7 -> new double[] {-1e308, 1e308}; // the span overflows
      case 8 -> new double[] {0, Double.MIN_VALUE * (1 + r.nextInt(5))}; // subnormal
      case 9 -> { // a large offset over a tiny range
        double offset = 1e9 * (1 + r.nextInt(1000));
        yield new double[] {offset, offset + 1e-3 * r.nextDouble() + 1e-6};
      }
      case 10 -> { // negative
        double lo = -Math.pow(10, r.nextInt(8)) * (1 + r.nextDouble());
        yield new double[] {lo, lo * r.nextDouble()};
      }
      case 11 -> new double[] {4453.168639053254, 23987.94970414201}; // issue 11's sharpness
      default -> { // ordinary features: any scale from 1e-6 to 1e6 and offset
        double scale = Math.pow(10, r.nextInt(13) - 6);
        double lo = a * scale * (1 + r.nextInt(1000));
        yield new double[] {lo, lo + scale * (0.001 + r.nextDouble())};
      }
    };
  }

  private static double[] span(double magnitude, Random r) {
    double lo = (r.nextBoolean() ? -1 : 1) * magnitude * r.nextDouble();
    return new double[] {lo, lo + magnitude};
  }

  @Test
  void histogram_randomAwkwardInput_drawsOrFallsBackWithinASecond() {
    List<String> failures = new ArrayList<>();
    run(new Random(SEED), CASES, 240, 150, failures);
    run(
        new Random(SEED + 1),
        FULL_SIZE_CASES,
        HistogramChart.WIDTH,
        HistogramChart.HEIGHT,
        failures);
    assertThat(failures).isEmpty();
  }

  private static void run(Random r, int cases, int width, int height, List<String> failures) {
    RecordingProgress progress = new RecordingProgress();
    Charts charts = new Charts(progress, Duration.ofSeconds(5), width, height);
    int undrawable = 0;
    for (int i = 0; i < cases; i++) {
      Case c = generate(r);
      long start = System.nanoTime();
      String html = charts.histogram("t", "x", c.min(), c.max(), c.counts());
      long nanos = System.nanoTime() - start;
      boolean drawn = html.startsWith("<img ");
      boolean constant = c.min() == c.max() && Double.isFinite(c.min());
      undrawable += !drawn && !constant ? 1 : 0;
      if (nanos > MAX_NANOS
          || drawn != c.drawable()
          || (!drawn && !html.contains("class=\"note\""))) {
        failures.add(
            String.format(
                "%s at %dx%d: %d ms, %s",
                c,
                width,
                height,
                nanos / 1_000_000,
                html.substring(0, Math.min(200, html.length()))));
      }
    }
    // every chart not drawn said so to the progress, and nothing else did
    assertThat(progress.warnings).hasSize(undrawable);
  }
}
