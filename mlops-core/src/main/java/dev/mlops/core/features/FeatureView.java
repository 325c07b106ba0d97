package dev.mlops.core.features;

import dev.mlops.core.drift.ImageFeature;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A named, versioned set of feature columns computed from an image's bytes alone. The version names
 * the extractor code and preprocessing (and, for an embedding, the model's fingerprint): values of
 * different versions are stored apart, so a changed extractor never mixes stale values with fresh
 * ones.
 *
 * @param name {@code image-stats} or {@code embedding/<model>/<version>}
 * @param version the extractor's version; a new one starts an empty set of values
 * @param kind scalar statistics (stored as float64) or a vector (stored as float32)
 * @param columns the column names, one per value ({@code e0, e1, ...} for an embedding)
 */
public record FeatureView(String name, String version, Kind kind, List<String> columns) {
  /**
   * The image-stats extractor's version. Raise it whenever {@link
   * dev.mlops.core.drift.ImageFeatures} or the decoding it reads changes a value.
   */
  public static final String IMAGE_STATS_VERSION = "1";

  /**
   * The embedding extractor's version (decoding, preprocessing, the layer read). Raise it whenever
   * one of them changes a value; the model's fingerprint is part of an embedding view's version
   * too.
   */
  public static final String EMBEDDING_EXTRACTOR_VERSION = "1";

  /** The name of the built-in statistics view. */
  public static final String IMAGE_STATS_NAME = "image-stats";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[A-Za-z0-9._-]+)*");

  /** The built-in view: the drift statistics, columns named as in {@code drift.json}. */
  public static final FeatureView IMAGE_STATS =
      new FeatureView(
          IMAGE_STATS_NAME,
          IMAGE_STATS_VERSION,
          Kind.STATISTICS,
          Arrays.stream(ImageFeature.values()).map(ImageFeature::id).toList());

  /** How a view's values are stored. */
  public enum Kind {
    /** Named scalars, float64 (exact copies of what drift detection computes). */
    STATISTICS,
    /** One float32 vector (an embedding). */
    VECTOR
  }

  /** Checks the name and copies the columns. */
  public FeatureView {
    Objects.requireNonNull(kind, "kind");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "feature view name '" + name + "' is not of the form image-stats or embedding/MODEL/vN");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("feature view " + name + " has no version");
    }
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("feature view " + name + " has no columns");
    }
  }

  /**
   * The embedding view of a model: its penultimate layer (the input of the final linear layer).
   *
   * @param model the model's name
   * @param label {@code v<N>} for a registered version, or another label naming the model
   * @param fingerprint the model's fingerprint: weights, graph and preprocessing
   * @param dimension values per image
   */
  public static FeatureView embedding(
      String model, String label, String fingerprint, int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("embedding dimension must be >= 1, got " + dimension);
    }
    return new FeatureView(
        "embedding/" + model + "/" + label,
        "x" + EMBEDDING_EXTRACTOR_VERSION + "-" + fingerprint,
        Kind.VECTOR,
        IntStream.range(0, dimension).mapToObj(i -> "e" + i).toList());
  }

  /** Values per image. */
  public int dimension() {
    return columns.size();
  }

  /** Whether this is an embedding (a vector). */
  public boolean isVector() {
    return kind == Kind.VECTOR;
  }

  @Override
  public String toString() {
    return name + " (version " + version + ")";
  }
}
