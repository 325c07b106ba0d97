package dev.mlops.core.feedback;

import dev.mlops.core.data.version.DatasetCard;
import dev.mlops.core.data.version.IngestedFeedback.Skipped;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FeedbackIngest#ingest} did.
 *
 * @param dataset the dataset name
 * @param previousLastId the last record id an earlier version took in (0: none)
 * @param lastId the last record id in the log
 * @param records the records considered (those after {@code previousLastId})
 * @param added data-directory paths of the new images
 * @param relabelled moves, as {@code before -> after} paths
 * @param unchanged images already in the dataset with the label the feedback gave
 * @param proposed records that proposed a class the model does not know (also in {@code skipped})
 * @param skipped records that changed nothing, with the reason
 * @param card the new version's card, or null when nothing was versioned
 * @param created whether a new version was registered
 * @param pushed whether the registry was pushed
 */
public record FeedbackIngestResult(
    String dataset,
    long previousLastId,
    long lastId,
    int records,
    List<String> added,
    List<String> relabelled,
    int unchanged,
    int proposed,
    List<Skipped> skipped,
    DatasetCard card,
    boolean created,
    boolean pushed) {
  private static final int LISTED = 20;

  /** Copies the lists. */
  public FeedbackIngestResult {
    added = List.copyOf(added);
    relabelled = List.copyOf(relabelled);
    skipped = List.copyOf(skipped);
  }

  /** Lines for a log: the outcome, then what was skipped and why (at most 20). */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    lines.add(headline());
    if (records == 0) {
      return lines;
    }
    relabelled.stream().limit(LISTED).forEach(r -> lines.add("  relabelled " + r));
    for (Skipped s : skipped.subList(0, Math.min(LISTED, skipped.size()))) {
      lines.add("  skipped records " + s.ids() + " (image " + shortSha(s) + "): " + s.reason());
    }
    if (skipped.size() > LISTED) {
      lines.add("  ... and " + (skipped.size() - LISTED) + " more skipped");
    }
    if (pushed) {
      lines.add("Pushed the registry branch and the tags of dataset " + dataset);
    }
    return lines;
  }

  private String headline() {
    if (records == 0) {
      return "No new feedback for dataset "
          + dataset
          + ": the log ends at record "
          + lastId
          + (previousLastId > 0 ? ", taken in up to record " + previousLastId : "")
          + "; nothing to version";
    }
    String range = (previousLastId + 1) + ".." + lastId + " (" + records + ")";
    String counts =
        String.format(
            "%d new, %d relabelled, %d unchanged, %d skipped (%d proposing new classes)",
            added.size(), relabelled.size(), unchanged, skipped.size(), proposed);
    if (created) {
      return "Ingested feedback records "
          + range
          + " into dataset "
          + dataset
          + " "
          + card.versionName()
          + " (parent: "
          + (card.parent() == null ? "none" : card.parent())
          + "): "
          + counts;
    }
    return "Feedback records "
        + range
        + (card == null
            ? " change no file of dataset " + dataset + ": "
            : " make dataset " + dataset + " equal " + card.versionName() + ": ")
        + counts
        + "; nothing to version, they are considered again next time";
  }

  private static String shortSha(Skipped s) {
    return s.imageSha256().substring(0, Math.min(12, s.imageSha256().length()));
  }
}
