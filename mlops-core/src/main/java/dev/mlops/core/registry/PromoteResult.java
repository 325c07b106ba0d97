package dev.mlops.core.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link ModelRegistry#promote} or {@link ModelRegistry#rollback}.
 *
 * @param name the model name
 * @param alias the alias
 * @param from the version the alias pointed at before, or null when it was new
 * @param to the version it points at now
 * @param moved whether a commit moved it (false when it already pointed at {@code to})
 * @param forced whether the champion gate refused and {@code force} overrode it
 * @param comparison the champion gate's rows (holder, candidate), empty when nothing was compared
 */
public record PromoteResult(
    String name,
    String alias,
    Integer from,
    int to,
    boolean moved,
    boolean forced,
    List<String> comparison) {
  /** Copies the rows. */
  public PromoteResult {
    comparison = List.copyOf(comparison);
  }

  /** Lines for the build log. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>(comparison);
    if (!moved) {
      lines.add("Alias " + alias + " of model " + name + " already points at v" + to);
    } else {
      lines.add(
          "Moved alias "
              + alias
              + " of model "
              + name
              + " from "
              + (from == null ? "nothing" : "v" + from)
              + " to v"
              + to
              + (forced ? " (forced past the champion gate)" : ""));
    }
    return lines;
  }
}
