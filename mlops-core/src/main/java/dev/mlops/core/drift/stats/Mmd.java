package dev.mlops.core.drift.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernel two-sample test on multivariate data (for drift: model embeddings): the squared
 * maximum mean discrepancy (MMD) between samples x and y with a permutation p-value.
 *
 * <p>Statistic: the biased V-statistic MMD^2 = mean k(x, x') + mean k(y, y') - 2 mean k(x, y),
 * where each mean runs over all pairs including i = j, with the Gaussian kernel k(u, v) = exp(-|u -
 * v|^2 / (2 s^2)). The bandwidth s is the median Euclidean distance over all distinct pairs of the
 * pooled sample (the "median heuristic"; 1 if that median is 0, i.e. mostly identical rows).
 *
 * <p>p-value: (1 + #{permuted statistic >= observed}) / (1 + permutations), where each permutation
 * reassigns the pooled rows at random to groups of the original sizes, drawn from {@code new
 * SplittableRandom(seed)}: the same inputs and seed give the same p-value. The pooled kernel matrix
 * is computed once; each permutation then sums O(min(n, m)^2) of its entries, using precomputed row
 * sums for the rest.
 *
 * <p>Written here because no library on the classpath provides an MMD test.
 */
public final class Mmd {
  /**
   * Permuted statistics within this of the observed one count as equal: the same split summed in
   * another order may differ in the last bits.
   */
  private static final double TIE_TOLERANCE = 1e-12;

  private Mmd() {}

  /**
   * Tests whether the rows of {@code x} and {@code y} come from the same distribution.
   *
   * @param x the first sample, one row per observation (for drift: the baseline)
   * @param y the second sample, rows of the same dimension as {@code x}
   * @param permutations the number of random relabellings, {@code >= 1}
   * @param seed the seed of the relabellings
   * @return the statistic, its p-value, the bandwidth used and the permutation count
   * @throws IllegalArgumentException if a sample is null or empty, a row is null, empty, of another
   *     dimension than the first row of {@code x}, or holds NaN or an infinity, or {@code
   *     permutations < 1}
   */
  public static MmdResult test(float[][] x, float[][] y, int permutations, long seed) {
    checkShapes(x, y);
    double[] squared = squaredDistances(pool(x, y));
    double bandwidth = medianDistance(squared, x.length + y.length);
    return run(squared, x.length, y.length, permutations, seed, bandwidth == 0 ? 1 : bandwidth);
  }

  /** As {@link #test(float[][], float[][], int, long)} with a fixed kernel bandwidth. */
  static MmdResult test(float[][] x, float[][] y, int permutations, long seed, double bandwidth) {
    checkShapes(x, y);
    if (!(bandwidth > 0 && bandwidth < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("bandwidth is " + bandwidth + "; must be positive");
    }
    return run(squaredDistances(pool(x, y)), x.length, y.length, permutations, seed, bandwidth);
  }

  private static MmdResult run(
      double[] squared, int n, int m, int permutations, long seed, double bandwidth) {
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations is " + permutations + "; must be >= 1");
    }
    Kernel kernel = Kernel.of(squared, n + m, bandwidth);
    // The pool is x then y; the inner sum runs over the first `group` rows, so choose the smaller.
    int[] order = new int[n + m];
    Arrays.setAll(order, i -> n <= m ? i : (i + n) % (n + m));
    int group = Math.min(n, m);
    double observed = kernel.statistic(order, group);
    SplittableRandom random = new SplittableRandom(seed);
    int atLeast = 0;
    for (int p = 0; p < permutations; p++) {
      // A partial Fisher-Yates shuffle: the first `group` positions become a uniform random subset.
      for (int i = 0; i < group; i++) {
        int j = i + random.nextInt(order.length - i);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      if (kernel.statistic(order, group) >= observed - TIE_TOLERANCE) {
        atLeast++;
      }
    }
    double pValue = (1.0 + atLeast) / (1.0 + permutations);
    return new MmdResult(Math.max(0, observed), pValue, bandwidth, permutations);
  }

  /** The pooled Gaussian kernel matrix (row-major) with its row sums and total. */
  private record Kernel(double[] values, int size, double[] rowSums, double total) {
    static Kernel of(double[] squared, int size, double bandwidth) {
      double scale = -1 / (2 * bandwidth * bandwidth);
      double[] values = new double[squared.length];
      double[] rowSums = new double[size];
      double total = 0;
      for (int i = 0; i < size; i++) {
        double sum = 0;
        for (int j = 0; j < size; j++) {
          values[i * size + j] = Math.exp(squared[i * size + j] * scale);
          sum += values[i * size + j];
        }
        rowSums[i] = sum;
        total += sum;
      }
      return new Kernel(values, size, rowSums, total);
    }

    /** MMD^2 when the rows {@code order[0 .. group)} form one sample and the rest the other. */
    double statistic(int[] order, int group) {
      double within = 0;
      double rows = 0;
      for (int a = 0; a < group; a++) {
        int offset = order[a] * size;
        for (int b = 0; b < group; b++) {
          within += values[offset + order[b]];
        }
        rows += rowSums[order[a]];
      }
      double between = rows - within;
      double other = total - within - 2 * between;
      double g = group;
      double h = size - group;
      return within / (g * g) + other / (h * h) - 2 * between / (g * h);
    }
  }

  private static double[][] pool(float[][] x, float[][] y) {
    double[][] pooled = new double[x.length + y.length][];
    for (int i = 0; i < pooled.length; i++) {
      float[] row = i < x.length ? x[i] : y[i - x.length];
      pooled[i] = new double[row.length];
      for (int k = 0; k < row.length; k++) {
        pooled[i][k] = row[k];
      }
    }
    return pooled;
  }

  /** Squared Euclidean distances between all pooled rows, row-major. */
  private static double[] squaredDistances(double[][] rows) {
    int size = rows.length;
    double[] squared = new double[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) {
        double sum = 0;
        for (int k = 0; k < rows[i].length; k++) {
          double diff = rows[i][k] - rows[j][k];
          sum += diff * diff;
        }
        squared[i * size + j] = sum;
        squared[j * size + i] = sum;
      }
    }
    return squared;
  }

  /** The median Euclidean distance over the distinct pairs (mean of the middle two if even). */
  private static double medianDistance(double[] squared, int size) {
    double[] pairs = new double[size * (size - 1) / 2];
    int count = 0;
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) {
        pairs[count++] = squared[i * size + j];
      }
    }
    Arrays.sort(pairs);
    int middle = pairs.length / 2;
    return pairs.length % 2 == 1
        ? Math.sqrt(pairs[middle])
        : (Math.sqrt(pairs[middle - 1]) + Math.sqrt(pairs[middle])) / 2;
  }

  private static void checkShapes(float[][] x, float[][] y) {
    int dimension = checkSample("x", x, -1);
    checkSample("y", y, dimension);
  }

  /** Checks one sample's rows; returns their dimension. {@code expected < 0} means any. */
  private static int checkSample(String name, float[][] rows, int expected) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException(
          "sample " + name + " is " + (rows == null ? "null" : "empty") + "; it needs rows");
    }
    int dimension = expected;
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      if (row == null || row.length == 0) {
        throw new IllegalArgumentException(
            name + "[" + i + "] is " + (row == null ? "null" : "empty"));
      }
      if (dimension < 0) {
        dimension = row.length;
      } else if (row.length != dimension) {
        throw new IllegalArgumentException(
            name
                + "["
                + i
                + "] has "
                + row.length
                + " values but rows of x have "
                + dimension
                + "; every row of x and y needs the same dimension");
      }
      for (int k = 0; k < row.length; k++) {
        if (!Float.isFinite(row[k])) {
          throw new IllegalArgumentException(
              name + "[" + i + "][" + k + "] is " + row[k] + "; values must be finite");
        }
      }
    }
    return dimension;
  }
}
