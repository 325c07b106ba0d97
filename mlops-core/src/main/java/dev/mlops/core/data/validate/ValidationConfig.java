package dev.mlops.core.data.validate;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of {@link DataValidator}. Immutable; the canonical constructor rejects a bad value with
 * an {@link IllegalArgumentException} naming the field, and {@link Builder#build()} turns that into
 * an {@link InvalidInputException} carrying the value.
 *
 * @param classes the class folder names every split must have, exactly; empty when not declared
 * @param maxPixels images whose header says more pixels (width times height) are errors and are not
 *     decoded
 * @param maxImbalance the largest allowed ratio of the largest to the smallest class of a split
 * @param failOnImbalance whether imbalance is an error instead of a warning
 * @param nearDuplicateDistance the largest perceptual-hash distance (0..16 bits of 64) at which
 *     images of different splits count as near-duplicates
 * @param minWidth narrower images get a warning
 * @param minHeight lower images get a warning
 * @param threads threads decoding images in parallel
 * @param disabledChecks ids of the checks not to run (see {@link DataValidator#CHECK_IDS})
 */
public record ValidationConfig(
    List<String> classes,
    long maxPixels,
    double maxImbalance,
    boolean failOnImbalance,
    int nearDuplicateDistance,
    int minWidth,
    int minHeight,
    int threads,
    Set<String> disabledChecks) {
  /** Default {@link #maxPixels()}: 100 million pixels (10000 x 10000). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** Default {@link #maxImbalance()}. */
  public static final double DEFAULT_MAX_IMBALANCE = 1.5;

  /** Default {@link #nearDuplicateDistance()}. */
  public static final int DEFAULT_NEAR_DUPLICATE_DISTANCE = 4;

  /** Validates every field; the message names the field, its value and the allowed range. */
  public ValidationConfig {
    require(classes != null, "classes", null, "must be a list (empty when not declared)");
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      boolean ok = c != null && !c.isBlank() && !c.contains("/") && !c.contains("\\");
      require(ok, "classes", c, "a class must be a non-empty folder name without '/' or '\\'");
      require(seen.add(c), "classes", c, "each class may be declared once");
    }
    require(maxPixels >= 1, "maxPixels", maxPixels, "must be at least 1");
    require(
        maxImbalance >= 1 && maxImbalance < Double.POSITIVE_INFINITY,
        "maxImbalance",
        maxImbalance,
        "must be a ratio of at least 1 (largest class / smallest class)");
    require(
        nearDuplicateDistance >= 0 && nearDuplicateDistance <= 16,
        "nearDuplicateDistance",
        nearDuplicateDistance,
        "must be in [0,16] (differing bits of a 64-bit hash)");
    require(minWidth >= 1, "minWidth", minWidth, "must be at least 1");
    require(minHeight >= 1, "minHeight", minHeight, "must be at least 1");
    require(threads >= 1 && threads <= 1024, "threads", threads, "must be in [1,1024]");
    require(disabledChecks != null, "disabledChecks", null, "must be a set (empty for none)");
    for (String id : disabledChecks) {
      require(
          DataValidator.CHECK_IDS.contains(id),
          "disabledChecks",
          id,
          "known checks are " + String.join(", ", DataValidator.CHECK_IDS));
    }
    classes = List.copyOf(classes);
    disabledChecks = Collections.unmodifiableSortedSet(new TreeSet<>(disabledChecks));
  }

  /** All defaults: no declared classes, every check on, one thread per processor. */
  public static ValidationConfig defaults() {
    return builder().buildUnchecked();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the check with this id runs. */
  public boolean enabled(String checkId) {
    return !disabledChecks.contains(checkId);
  }

  /**
   * Builds a {@link ValidationConfig}. Every setter takes a boxed value where {@code null} means
   * "keep the default", so callers can pass unset options through.
   */
  public static final class Builder {
    private List<String> classes = List.of();
    private long maxPixels = DEFAULT_MAX_PIXELS;
    private double maxImbalance = DEFAULT_MAX_IMBALANCE;
    private boolean failOnImbalance;
    private int nearDuplicateDistance = DEFAULT_NEAR_DUPLICATE_DISTANCE;
    private int minWidth = 1;
    private int minHeight = 1;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Set<String> disabledChecks = Set.of();

    private Builder() {}

    /** Sets the declared classes; see {@link ValidationConfig#classes()}. */
    public Builder optClasses(List<String> value) {
      classes = value == null ? classes : new ArrayList<>(value);
      return this;
    }

    /** Sets {@link ValidationConfig#maxPixels()}. */
    public Builder optMaxPixels(Long value) {
      maxPixels = value == null ? maxPixels : value;
      return this;
    }

    /** Sets {@link ValidationConfig#maxImbalance()}. */
    public Builder optMaxImbalance(Double value) {
      maxImbalance = value == null ? maxImbalance : value;
      return this;
    }

    /** Sets {@link ValidationConfig#failOnImbalance()}. */
    public Builder optFailOnImbalance(Boolean value) {
      failOnImbalance = value == null ? failOnImbalance : value;
      return this;
    }

    /** Sets {@link ValidationConfig#nearDuplicateDistance()}. */
    public Builder optNearDuplicateDistance(Integer value) {
      nearDuplicateDistance = value == null ? nearDuplicateDistance : value;
      return this;
    }

    /** Sets {@link ValidationConfig#minWidth()}. */
    public Builder optMinWidth(Integer value) {
      minWidth = value == null ? minWidth : value;
      return this;
    }

    /** Sets {@link ValidationConfig#minHeight()}. */
    public Builder optMinHeight(Integer value) {
      minHeight = value == null ? minHeight : value;
      return this;
    }

    /** Sets {@link ValidationConfig#threads()}. */
    public Builder optThreads(Integer value) {
      threads = value == null ? threads : value;
      return this;
    }

    /** Sets {@link ValidationConfig#disabledChecks()}. */
    public Builder optDisabledChecks(Set<String> value) {
      disabledChecks = value == null ? disabledChecks : new HashSet<>(value);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming the first invalid field and its value
     */
    public ValidationConfig build() throws InvalidInputException {
      try {
        return buildUnchecked();
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid validation setting");
      }
    }

    private ValidationConfig buildUnchecked() {
      return new ValidationConfig(
          classes,
          maxPixels,
          maxImbalance,
          failOnImbalance,
          nearDuplicateDistance,
          minWidth,
          minHeight,
          threads,
          disabledChecks);
    }
  }
}
