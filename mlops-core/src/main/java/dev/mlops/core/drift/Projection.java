package dev.mlops.core.drift;

import java.util.SplittableRandom;

/**
 * A seeded Gaussian random projection of the model's embedding (512 values for resnet18) to a few
 * dimensions. By the Johnson-Lindenstrauss lemma it keeps pairwise distances roughly, which is all
 * the kernel test on embeddings needs, and unlike PCA it needs no fitting: the seed and sizes in
 * {@code baseline.json} recreate the same matrix for the incoming images.
 *
 * @param seed the seed of the matrix
 * @param inputDims the embedding size of the model
 * @param dims the projected size
 */
public record Projection(long seed, int inputDims, int dims) {
  /** The default projected size. */
  public static final int DEFAULT_DIMS = 16;

  /** The default seed. */
  public static final long DEFAULT_SEED = 20261125L;

  /** Checks the sizes. */
  public Projection {
    if (inputDims < 1 || dims < 1) {
      throw new IllegalArgumentException(
          "projection sizes must be positive: " + inputDims + " -> " + dims);
    }
  }

  /** The projection of embeddings of {@code inputDims} values with the default seed and size. */
  public static Projection defaults(int inputDims) {
    return new Projection(DEFAULT_SEED, inputDims, Math.min(DEFAULT_DIMS, inputDims));
  }

  /** The matrix ({@code dims} rows of {@code inputDims}), N(0, 1/dims) entries. */
  public float[][] matrix() {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] m = new float[dims][inputDims];
    double scale = 1 / Math.sqrt(dims);
    for (float[] row : m) {
      for (int j = 0; j < inputDims; j++) {
        row[j] = (float) (gaussian(random) * scale);
      }
    }
    return m;
  }

  /**
   * Projects {@code embedding} with {@code matrix} (from {@link #matrix()}).
   *
   * @throws IllegalArgumentException when the embedding has another size than the matrix expects
   */
  public static float[] apply(float[][] matrix, float[] embedding) {
    if (embedding.length != matrix[0].length) {
      throw new IllegalArgumentException(
          "embedding of " + embedding.length + " values, projection expects " + matrix[0].length);
    }
    float[] out = new float[matrix.length];
    for (int i = 0; i < matrix.length; i++) {
      double sum = 0;
      float[] row = matrix[i];
      for (int j = 0; j < row.length; j++) {
        sum += row[j] * embedding[j];
      }
      out[i] = (float) sum;
    }
    return out;
  }

  /** A standard normal deviate (Box-Muller): same numbers on every JVM, unlike nextGaussian. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
