package dev.mlops.maven;

import dev.mlops.core.data.Split;
import dev.mlops.core.data.version.DatasetCard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Formats dataset versions as log lines: one row per version, then the latest's lineage. */
final class DatasetTable {
  private DatasetTable() {}

  static List<String> lines(List<DatasetCard> cards) {
    List<String> lines = new ArrayList<>();
    Map<String, DatasetCard> byName = new HashMap<>();
    for (DatasetCard card : cards) {
      byName.put(card.versionName(), card);
      lines.add(row(card));
    }
    DatasetCard latest = cards.get(cards.size() - 1);
    List<String> chain = new ArrayList<>();
    for (DatasetCard c = latest; c != null && chain.size() <= cards.size(); ) {
      chain.add(c.versionName());
      c = c.parent() == null ? null : byName.get(c.parent());
    }
    lines.add("Lineage of " + latest.versionName() + ": " + String.join(" <- ", chain));
    return lines;
  }

  private static String row(DatasetCard card) {
    List<String> splits = new ArrayList<>();
    Set<String> classes = new TreeSet<>();
    for (Split split : Split.values()) {
      Map<String, Integer> perClass = card.counts().get(split.dirName());
      if (perClass != null) {
        splits.add(
            split.dirName() + " " + perClass.values().stream().mapToInt(Integer::intValue).sum());
        classes.addAll(perClass.keySet());
      }
    }
    return String.format(
        Locale.ROOT,
        "  %-4s %s  %s  %d classes  %.1f MB  parent %s  manifest %s  by %s%s",
        card.versionName(),
        card.createdAt(),
        String.join(", ", splits),
        classes.size(),
        card.bytes() / 1e6,
        card.parent() == null ? "-" : card.parent(),
        card.manifestId().substring(0, 12),
        card.createdBy(),
        card.sourceDirty() ? " (uncommitted changes)" : "");
  }
}
