package dev.mlops.core.data.version;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The feedback records a dataset version took in, as its card records them: the next ingestion
 * starts after {@code lastId}.
 *
 * @param firstId the first record id considered
 * @param lastId the last record id considered (every record up to it is taken, or listed as
 *     skipped)
 * @param records how many records were considered
 * @param added new files per class
 * @param relabelled files moved to another class folder, per new class
 * @param unchanged images already in the dataset with the label the feedback gave
 * @param skipped records that changed nothing, with the reason
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestedFeedback(
    long firstId,
    long lastId,
    int records,
    SortedMap<String, Integer> added,
    SortedMap<String, Integer> relabelled,
    int unchanged,
    List<Skipped> skipped) {
  /** Copies the collections. */
  public IngestedFeedback {
    added = new TreeMap<>(added == null ? Map.of() : added);
    relabelled = new TreeMap<>(relabelled == null ? Map.of() : relabelled);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /**
   * Records about one image that were not taken in.
   *
   * @param ids the record ids
   * @param imageSha256 the image
   * @param reason why, in words
   */
  public record Skipped(List<Long> ids, String imageSha256, String reason) {
    /** Copies the ids. */
    public Skipped {
      ids = List.copyOf(ids);
    }
  }
}
