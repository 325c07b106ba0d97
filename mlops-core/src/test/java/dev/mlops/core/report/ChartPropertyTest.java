package dev.mlops.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Learning curves with the losses training can produce (NaN, 1e30, constant, huge, tiny, negative)
 * and confusion matrices of any size: each is drawn, or not drawn with a note, in well under a
 * second.
 */
class ChartPropertyTest {
  private static final long SEED = 20261206L;
  private static final long MAX_NANOS = 1_000_000_000L;

  private static double[] losses(Random r, int n) {
    double[] v = new double[n];
    int kind = r.nextInt(9);
    for (int i = 0; i < n; i++) {
      v[i] =
          switch (kind) {
            case 0 -> Double.NaN;
            case 1 -> 0.7; // constant
            case 2 -> r.nextInt(4) == 0 ? Double.NaN : 2.0 / (i + 1); // gaps
            case 3 -> r.nextInt(5) == 0 ? 1e30 : 1.0 / (i + 1); // one diverged epoch
            case 4 -> r.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : 1 + r.nextDouble();
            case 5 -> Math.pow(10, r.nextInt(600) - 300) * (r.nextBoolean() ? 1 : -1);
            case 6 -> 1e-300 * r.nextDouble();
            case 7 -> r.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
            default -> r.nextGaussian();
          };
    }
    return v;
  }

  @Test
  void curves_weirdLosses_drawnWithinASecondUnlessNothingIsFinite() {
    Random r = new Random(SEED);
    List<String> failures = new ArrayList<>();
    Charts charts = new Charts(new RecordingProgress());
    for (int c = 0; c < 60; c++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 3 : 100);
      double[] epochs = new double[n];
      Arrays.setAll(epochs, i -> i + 1);
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("train", losses(r, n));
      series.put("validation", losses(r, n));
      double[] yRange = r.nextBoolean() ? new double[] {0, 1} : null;
      long start = System.nanoTime();
      String html = charts.curves("Loss", "epoch", "loss", epochs, series, yRange);
      long nanos = System.nanoTime() - start;
      boolean anyFinite =
          series.values().stream().flatMapToDouble(Arrays::stream).anyMatch(Double::isFinite);
      boolean drawn = html.startsWith("<img ");
      if (nanos > MAX_NANOS || drawn != anyFinite || (!drawn && !html.contains("class=\"note\""))) {
        failures.add(
            nanos / 1_000_000 + " ms: " + series.values().stream().map(Arrays::toString).toList());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void confusion_anySize_drawnWithinASecond() {
    Random r = new Random(SEED);
    List<String> failures = new ArrayList<>();
    Charts charts = new Charts(new RecordingProgress());
    for (int c = 0; c < 16; c++) {
      int k = 1 + r.nextInt(c % 8 == 0 ? 60 : 12);
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        labels.add(r.nextInt(5) == 0 ? "a-rather-long-class-name-" + i : "c" + i);
      }
      int bound = c % 5 == 0 ? Integer.MAX_VALUE : 50;
      int[][] matrix = new int[k][k];
      for (int[] row : matrix) {
        Arrays.setAll(row, i -> r.nextInt(3) == 0 ? 0 : r.nextInt(bound));
      }
      long start = System.nanoTime();
      String html = charts.confusion(labels, matrix);
      long nanos = System.nanoTime() - start;
      if (nanos > MAX_NANOS || !html.startsWith("<img ")) {
        failures.add(k + " classes, " + nanos / 1_000_000 + " ms: " + html.substring(0, 100));
      }
    }
    assertThat(failures).isEmpty();
  }
}
