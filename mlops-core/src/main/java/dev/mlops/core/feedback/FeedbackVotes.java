package dev.mlops.core.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The label each image gets from a batch of feedback records. The rule:
 *
 * <ol>
 *   <li>Records with a {@code proposed} label (a class the model does not know) are not votes: they
 *       are listed apart, because nothing is trained on a class before a person adds it.
 *   <li>Per image, each user's latest record counts once (a person who changed their mind counts
 *       with their last word); records without a user id count one each, since nobody can tell
 *       whether they came from one person.
 *   <li>The label with the most votes wins; a tie between the top labels decides nothing and is
 *       listed, so a person can settle it.
 * </ol>
 *
 * Confirmations are votes like corrections: a confirmed image is a labelled image.
 */
final class FeedbackVotes {
  private FeedbackVotes() {}

  /**
   * The verdict on one image.
   *
   * @param imageSha256 the image
   * @param label the winning label, or null when nothing was decided
   * @param ids every record about the image
   * @param reason why nothing was decided (a tie, a proposed class), or null
   * @param proposed whether the records only proposed new classes
   */
  record Verdict(
      String imageSha256, String label, List<Long> ids, String reason, boolean proposed) {}

  /** Verdicts per image, in the order images first appear in {@code records}. */
  static List<Verdict> decide(List<FeedbackRecord> records) {
    Map<String, List<FeedbackRecord>> byImage = new LinkedHashMap<>();
    for (FeedbackRecord r : records) {
      byImage.computeIfAbsent(r.imageSha256(), k -> new ArrayList<>()).add(r);
    }
    List<Verdict> verdicts = new ArrayList<>();
    byImage.forEach((sha, list) -> verdicts.addAll(decideImage(sha, list)));
    return verdicts;
  }

  private static List<Verdict> decideImage(String sha, List<FeedbackRecord> records) {
    List<Verdict> out = new ArrayList<>();
    List<FeedbackRecord> proposed = records.stream().filter(FeedbackRecord::proposed).toList();
    if (!proposed.isEmpty()) {
      String labels =
          proposed.stream()
              .map(r -> "'" + r.label() + "'")
              .distinct()
              .collect(Collectors.joining(", "));
      out.add(
          new Verdict(
              sha,
              null,
              ids(proposed),
              "proposes the new class "
                  + labels
                  + ": not trained on until the class is added to the dataset",
              true));
    }
    List<FeedbackRecord> votes = latestPerUser(records);
    if (votes.isEmpty()) {
      return out;
    }
    Map<String, Integer> tally = new TreeMap<>();
    votes.forEach(r -> tally.merge(r.label(), 1, Integer::sum));
    int top = tally.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<String> winners =
        tally.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
    List<Long> ids = ids(records.stream().filter(r -> !r.proposed()).toList());
    if (winners.size() == 1) {
      out.add(new Verdict(sha, winners.get(0), ids, null, false));
    } else {
      String counts =
          tally.entrySet().stream()
              .map(e -> e.getValue() + " for '" + e.getKey() + "'")
              .collect(Collectors.joining(", "));
      out.add(
          new Verdict(
              sha,
              null,
              ids,
              "tie (" + counts + "): left out until more feedback decides it",
              false));
    }
    return out;
  }

  /** The non-proposed records that count: each user's latest, and every anonymous one. */
  private static List<FeedbackRecord> latestPerUser(List<FeedbackRecord> records) {
    Map<String, FeedbackRecord> latest = new HashMap<>();
    List<FeedbackRecord> counted = new ArrayList<>();
    for (FeedbackRecord r : records) {
      if (r.proposed()) {
        continue;
      }
      if (r.userId() == null || r.userId().isBlank()) {
        counted.add(r);
      } else {
        latest.merge(r.userId(), r, (a, b) -> a.id() >= b.id() ? a : b);
      }
    }
    counted.addAll(latest.values());
    return counted;
  }

  private static List<Long> ids(List<FeedbackRecord> records) {
    return records.stream().map(FeedbackRecord::id).sorted().toList();
  }
}
