package dev.mlops.serving;

import dev.mlops.core.feedback.FeedbackRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts of the feedback log, kept in memory beside it (built from the log at start, then one
 * record at a time as each is acknowledged): totals, per class (the label the person gave), per
 * model version, the predicted-to-corrected confusion, and the most recent corrections.
 */
final class FeedbackStats {
  private static final int RECENT = 20;

  private long total;
  private long confirmations;
  private long corrections;
  private long proposed;
  private long lastId;
  private final Map<String, long[]> perClass = new TreeMap<>();
  private final Map<String, long[]> perVersion = new TreeMap<>();
  private final Map<String, Map<String, Long>> confusion = new TreeMap<>();
  private final Deque<FeedbackRecord> recentCorrections = new ArrayDeque<>();
  private final Set<String> images = new HashSet<>();

  FeedbackStats(List<FeedbackRecord> log) {
    log.forEach(this::add);
  }

  /** What kind of label a record carries, as in the {@code feedback_total} metric. */
  static String kind(FeedbackRecord record) {
    if (record.proposed()) {
      return "proposed";
    }
    return record.confirmation() ? "confirmation" : "correction";
  }

  synchronized void add(FeedbackRecord record) {
    total++;
    lastId = Math.max(lastId, record.id());
    images.add(record.imageSha256());
    // Columns of the per-class and per-version counts: confirmations, corrections, proposed.
    int column = record.proposed() ? 2 : record.confirmation() ? 0 : 1;
    switch (column) {
      case 0 -> confirmations++;
      case 1 -> corrections++;
      default -> proposed++;
    }
    perClass.computeIfAbsent(record.label(), k -> new long[3])[column]++;
    perVersion.computeIfAbsent(record.version(), k -> new long[3])[column]++;
    if (column != 0) {
      String predicted = String.valueOf(record.predicted());
      confusion
          .computeIfAbsent(predicted, k -> new TreeMap<>())
          .merge(record.label(), 1L, Long::sum);
      recentCorrections.addFirst(record);
      if (recentCorrections.size() > RECENT) {
        recentCorrections.removeLast();
      }
    }
  }

  /** Whether some record names this image (only those are served as thumbnails). */
  synchronized boolean hasImage(String sha) {
    return images.contains(sha);
  }

  /** The answer of {@code GET /feedback/stats}. */
  synchronized Map<String, Object> toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", total);
    body.put("confirmations", confirmations);
    body.put("corrections", corrections);
    body.put("proposed", proposed);
    body.put("lastId", lastId);
    body.put("perClass", counts(perClass));
    body.put("perVersion", counts(perVersion));
    List<Map<String, Object>> cells = new ArrayList<>();
    confusion.forEach(
        (predicted, row) ->
            row.forEach(
                (label, count) -> {
                  Map<String, Object> cell = new LinkedHashMap<>();
                  cell.put("predicted", predicted);
                  cell.put("label", label);
                  cell.put("count", count);
                  cells.add(cell);
                }));
    body.put("confusion", cells);
    List<Map<String, Object>> recent = new ArrayList<>();
    for (FeedbackRecord r : recentCorrections) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", r.id());
      entry.put("time", r.time());
      entry.put("predicted", r.predicted());
      entry.put("label", r.label());
      entry.put("proposed", r.proposed());
      entry.put("imageSha256", r.imageSha256());
      entry.put("version", r.version());
      recent.add(entry);
    }
    body.put("recentCorrections", recent);
    return body;
  }

  private static Map<String, Object> counts(Map<String, long[]> table) {
    Map<String, Object> out = new LinkedHashMap<>();
    table.forEach(
        (key, c) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("confirmations", c[0]);
          row.put("corrections", c[1]);
          row.put("proposed", c[2]);
          out.put(key, row);
        });
    return out;
  }
}
