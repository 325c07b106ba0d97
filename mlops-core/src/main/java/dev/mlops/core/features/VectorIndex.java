package dev.mlops.core.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact k-nearest-neighbour search by cosine similarity over embeddings held in one contiguous
 * float array (unit-normalized once, so a query is one dot product per vector). Exact search is a
 * linear scan; written by hand because an approximate index (HNSW and the like) trades exactness
 * and a build step for speed only needed past a few hundred thousand vectors, see {@code
 * docs/benchmarks.md} for the measured latencies. Immutable and thread-safe.
 */
public final class VectorIndex {
  private final List<String> keys;
  private final float[] vectors;
  private final int dimension;

  /**
   * A match.
   *
   * @param key the vector's key (an image's content hash)
   * @param similarity cosine similarity to the query, -1..1
   */
  public record Match(String key, double similarity) {}

  /**
   * Builds an index.
   *
   * @param keys one per vector
   * @param rows the vectors, all {@code dimension} long
   */
  public VectorIndex(List<String> keys, List<double[]> rows, int dimension) {
    if (keys.size() != rows.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + rows.size() + " vectors");
    }
    this.keys = List.copyOf(keys);
    this.dimension = dimension;
    this.vectors = new float[Math.multiplyExact(rows.size(), dimension)];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      if (row.length != dimension) {
        throw new IllegalArgumentException(
            "vector " + keys.get(i) + " has " + row.length + " values, expected " + dimension);
      }
      double norm = norm(row);
      for (int j = 0; j < dimension; j++) {
        vectors[i * dimension + j] = norm == 0 ? 0f : (float) (row[j] / norm);
      }
    }
  }

  private VectorIndex(List<String> keys, float[] vectors, int dimension) {
    this.keys = List.copyOf(keys);
    this.vectors = vectors;
    this.dimension = dimension;
  }

  /**
   * Builds an index over {@code flat} (row {@code i} at {@code i * dimension}), which it takes over
   * and normalizes in place: no second copy of a large set of vectors.
   */
  public static VectorIndex ofFlat(List<String> keys, float[] flat, int dimension) {
    if ((long) keys.size() * dimension != flat.length) {
      throw new IllegalArgumentException(
          keys.size()
              + " keys of "
              + dimension
              + " values need "
              + keys.size() * (long) dimension
              + " floats, got "
              + flat.length);
    }
    for (int i = 0; i < keys.size(); i++) {
      double sum = 0;
      for (int j = 0; j < dimension; j++) {
        sum += (double) flat[i * dimension + j] * flat[i * dimension + j];
      }
      double norm = Math.sqrt(sum);
      for (int j = 0; j < dimension; j++) {
        flat[i * dimension + j] = norm == 0 ? 0f : (float) (flat[i * dimension + j] / norm);
      }
    }
    return new VectorIndex(keys, flat, dimension);
  }

  /** Vectors in the index. */
  public int size() {
    return keys.size();
  }

  /** Values per vector. */
  public int dimension() {
    return dimension;
  }

  /**
   * The {@code k} vectors most similar to {@code query}, most similar first (ties by key).
   *
   * @param exclude a key never returned (the query image itself), or null
   */
  public List<Match> nearest(double[] query, int k, String exclude) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "query has " + query.length + " values, the index " + dimension);
    }
    if (k < 1) {
      return List.of();
    }
    double norm = norm(query);
    float[] q = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      q[j] = norm == 0 ? 0f : (float) (query[j] / norm);
    }
    Comparator<Match> worstFirst =
        Comparator.comparingDouble(Match::similarity)
            .thenComparing(Match::key, Comparator.reverseOrder());
    PriorityQueue<Match> best = new PriorityQueue<>(k + 1, worstFirst);
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (key.equals(exclude)) {
        continue;
      }
      double s = dot(q, i * dimension);
      if (best.size() < k) {
        best.add(new Match(key, s));
      } else if (s > best.peek().similarity()) {
        best.poll();
        best.add(new Match(key, s));
      }
    }
    List<Match> out = new ArrayList<>(best);
    out.sort(worstFirst.reversed());
    return out;
  }

  /** Four independent sums so the JIT can keep several multiply-adds in flight. */
  private double dot(float[] q, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < dimension; j += 4) {
      s0 += q[j] * vectors[offset + j];
      s1 += q[j + 1] * vectors[offset + j + 1];
      s2 += q[j + 2] * vectors[offset + j + 2];
      s3 += q[j + 3] * vectors[offset + j + 3];
    }
    for (; j < dimension; j++) {
      s0 += q[j] * vectors[offset + j];
    }
    return (double) s0 + s1 + s2 + s3;
  }

  private static double norm(double[] v) {
    return Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
  }
}
