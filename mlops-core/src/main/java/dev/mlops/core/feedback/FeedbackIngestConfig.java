package dev.mlops.core.feedback;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.ValidationConfig;
import java.nio.file.Path;

/**
 * What {@link FeedbackIngest} reads and where it writes. Build it with {@link #builder()}.
 *
 * @param feedbackDirectory the directory of {@code feedback.jsonl}
 * @param dataDirectory the data directory the images go into
 * @param dataset the dataset name in the registry
 * @param scanSplit the split of a {@code <class>/<file>} layout when the data is scanned
 * @param split the share of new images for train, val and test (seeded per image), or null: all to
 *     train
 * @param seed the seed of that share
 * @param nearDuplicateDistance the largest perceptual-hash distance at which a new image counts as
 *     a copy of a test image and is left out
 * @param push whether to fetch the registry from {@code origin} first and push the new version
 * @param hashCacheFile the scanner's hash cache, or null
 */
public record FeedbackIngestConfig(
    Path feedbackDirectory,
    Path dataDirectory,
    String dataset,
    SplitPolicy scanSplit,
    SplitPolicy split,
    long seed,
    int nearDuplicateDistance,
    boolean push,
    Path hashCacheFile) {
  /** Default {@link #seed()}. */
  public static final long DEFAULT_SEED = 42;

  /** Checks the fields; the message names the field. */
  public FeedbackIngestConfig {
    require(feedbackDirectory != null, "feedbackDirectory", null, "set the feedback directory");
    require(dataDirectory != null, "dataDirectory", null, "set the data directory");
    require(dataset != null, "dataset", null, "set the dataset name");
    require(scanSplit != null, "splitFractions", null, "set the split of the data");
    require(
        nearDuplicateDistance >= 0 && nearDuplicateDistance <= 16,
        "nearDuplicateDistance",
        nearDuplicateDistance,
        "must be in [0,16] (bits of 64)");
  }

  /** A builder with the defaults: all new images to train, seed 42, distance 4, no push. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link FeedbackIngestConfig}: {@code set*} required, {@code opt*} defaulted. */
  public static final class Builder {
    private Path feedbackDirectory;
    private Path dataDirectory;
    private String dataset;
    private SplitPolicy scanSplit = SplitPolicy.DEFAULT;
    private String split;
    private long seed = DEFAULT_SEED;
    private int nearDuplicateDistance = ValidationConfig.DEFAULT_NEAR_DUPLICATE_DISTANCE;
    private boolean push;
    private Path hashCacheFile;

    private Builder() {}

    /** Sets {@link FeedbackIngestConfig#feedbackDirectory()}. */
    public Builder setFeedbackDirectory(Path value) {
      feedbackDirectory = value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#dataDirectory()}. */
    public Builder setDataDirectory(Path value) {
      dataDirectory = value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#dataset()}. */
    public Builder setDataset(String value) {
      dataset = value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#scanSplit()}; default 0.8,0.1,0.1 seed 42. */
    public Builder optScanSplit(SplitPolicy value) {
      scanSplit = value == null ? scanSplit : value;
      return this;
    }

    /** Sets the share as {@code train,val,test}, e.g. {@code 0.8,0.1,0.1}; null or blank: train. */
    public Builder optSplit(String fractions) {
      split = fractions == null || fractions.isBlank() ? null : fractions;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#seed()}; default 42. */
    public Builder optSeed(Long value) {
      seed = value == null ? seed : value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#nearDuplicateDistance()}; default 4. */
    public Builder optNearDuplicateDistance(Integer value) {
      nearDuplicateDistance = value == null ? nearDuplicateDistance : value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#push()}; default false. */
    public Builder optPush(boolean value) {
      push = value;
      return this;
    }

    /** Sets {@link FeedbackIngestConfig#hashCacheFile()}; default none. */
    public Builder optHashCacheFile(Path value) {
      hashCacheFile = value;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws InvalidInputException naming the first invalid setting and its value
     */
    public FeedbackIngestConfig build() throws InvalidInputException {
      SplitPolicy share = null;
      if (split != null) {
        try {
          share = SplitPolicy.parse(split, seed);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(
              e.getMessage().replace("split fractions", "feedback split"),
              split,
              Remedy.setting("split"),
              e);
        }
      }
      try {
        return new FeedbackIngestConfig(
            feedbackDirectory,
            dataDirectory,
            dataset,
            scanSplit,
            share,
            seed,
            nearDuplicateDistance,
            push,
            hashCacheFile);
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid feedback ingestion setting");
      }
    }
  }
}
