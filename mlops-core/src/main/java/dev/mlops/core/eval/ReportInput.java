package dev.mlops.core.eval;

import static java.util.Collections.unmodifiableMap;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything {@link HtmlReport} shows.
 *
 * @param title the page title, for example the project or model name
 * @param evaluation the model, metrics and gates
 * @param history the training history, one point per epoch (empty: no learning curves)
 * @param dataCounts images per split and class, as {@code Manifest.counts()} (split folder name,
 *     then class, then count)
 * @param dataDirectory the directory the {@link Mistake#file()} paths are relative to, for the
 *     thumbnails
 */
public record ReportInput(
    String title,
    EvaluationReport evaluation,
    List<EpochPoint> history,
    Map<String, Map<String, Integer>> dataCounts,
    Path dataDirectory) {
  /** Rejects missing parts and copies the collections, sorted by split and class. */
  public ReportInput {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    history = List.copyOf(history);
    Map<String, Map<String, Integer>> sorted = new TreeMap<>();
    dataCounts.forEach(
        (split, classes) -> sorted.put(split, unmodifiableMap(new TreeMap<>(classes))));
    dataCounts = unmodifiableMap(sorted);
  }
}
