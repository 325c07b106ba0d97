package dev.mlops.core.data;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;

/**
 * How a {@code <class>/<file>} layout is split into train, val and test: per class, files are
 * ordered by content hash mixed with the seed, and cut at the given fractions. The same files and
 * seed always give the same split on any machine. Recorded in the manifest.
 *
 * @param train fraction of each class for training
 * @param val fraction of each class for validation
 * @param test fraction of each class for testing
 * @param seed the seed mixed into the ordering
 */
public record SplitPolicy(double train, double val, double test, long seed) {
  /** 80% train, 10% val, 10% test, seed 42. */
  public static final SplitPolicy DEFAULT = new SplitPolicy(0.8, 0.1, 0.1, 42);

  /** Validates that the fractions are in [0,1] and add up to 1. */
  public SplitPolicy {
    if (!(train >= 0 && val >= 0 && test >= 0) || Math.abs(train + val + test - 1.0) > 1e-6) {
      throw new IllegalArgumentException(
          "split fractions train="
              + train
              + ", val="
              + val
              + ", test="
              + test
              + " must be in [0,1] and add up to 1");
    }
  }

  /**
   * Parses {@code "0.8,0.1,0.1"} (train, val, test).
   *
   * @throws InvalidInputException naming the setting {@code splitFractions} and the value
   */
  public static SplitPolicy parse(String fractions, long seed) throws InvalidInputException {
    String[] parts = fractions == null ? new String[0] : fractions.split(",");
    try {
      if (parts.length != 3) {
        throw new IllegalArgumentException("expected three numbers: train,val,test");
      }
      return new SplitPolicy(
          Double.parseDouble(parts[0].trim()),
          Double.parseDouble(parts[1].trim()),
          Double.parseDouble(parts[2].trim()),
          seed);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "split fractions '"
              + fractions
              + "' are not valid ("
              + e.getMessage()
              + "); write train,val,test adding up to 1, e.g. 0.8,0.1,0.1",
          fractions,
          Remedy.setting("splitFractions"),
          e);
    }
  }
}
