package dev.mlops.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The versions of one model with its aliases, for the {@code models} listing.
 *
 * @param name the model name
 * @param versions the cards, by version
 * @param aliases where each alias points, sorted by alias
 */
public record ModelListing(
    String name, List<ModelVersionCard> versions, SortedMap<String, AliasEntry> aliases) {
  /** Copies the collections. */
  public ModelListing {
    versions = List.copyOf(versions);
    aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
  }

  /** The aliases pointing at {@code version}, sorted. */
  public List<String> aliasesOf(int version) {
    return aliases.entrySet().stream()
        .filter(e -> e.getValue().version() == version)
        .map(SortedMap.Entry::getKey)
        .toList();
  }

  /** One line per version: date, dataset version, accuracy, macro F1, aliases. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    if (versions.isEmpty()) {
      lines.add("Model " + name + " has no versions; register a trained model first");
      return lines;
    }
    lines.add("Model " + name + ": " + versions.size() + " versions");
    for (ModelVersionCard card : versions) {
      String metrics =
          card.metrics() == null
              ? "not evaluated"
              : String.format(
                  Locale.ROOT,
                  "accuracy %.4f  macro F1 %.4f",
                  card.metrics().accuracy(),
                  card.metrics().macroF1());
      List<String> names = aliasesOf(card.version());
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-5s %s  %s v%d  %s%s",
              card.versionName(),
              card.createdAt(),
              card.dataset().name(),
              card.dataset().version(),
              metrics,
              names.isEmpty() ? "" : "  [" + String.join(", ", names) + "]"));
    }
    return lines;
  }
}
