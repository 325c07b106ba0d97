package dev.mlops.core.data.validate;

import dev.mlops.core.data.ManifestEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Groups manifest entries by content hash, for the duplicate and leakage checks. */
final class ContentGroups {
  /** Orders files train, val, test, then by path. */
  static final Comparator<ManifestEntry> SPLIT_THEN_PATH =
      Comparator.comparing(ManifestEntry::split).thenComparing(ManifestEntry::path);

  private ContentGroups() {}

  /**
   * The groups of two or more files with the same sha256, each sorted by split then path, the
   * groups in order of their first file. Empty files are left out: they all share one hash and the
   * decodable check reports them.
   */
  static List<List<ManifestEntry>> of(List<ManifestEntry> entries) {
    Map<String, List<ManifestEntry>> bySha = new TreeMap<>();
    for (ManifestEntry e : entries) {
      if (e.size() > 0) {
        bySha.computeIfAbsent(e.sha256(), k -> new ArrayList<>()).add(e);
      }
    }
    List<List<ManifestEntry>> groups = new ArrayList<>();
    for (List<ManifestEntry> group : bySha.values()) {
      if (group.size() > 1) {
        group.sort(SPLIT_THEN_PATH);
        groups.add(group);
      }
    }
    groups.sort(Comparator.comparing(g -> g.get(0), SPLIT_THEN_PATH));
    return groups;
  }

  /** The paths of {@code entries}. */
  static List<String> paths(List<ManifestEntry> entries) {
    return entries.stream().map(ManifestEntry::path).toList();
  }

  /** The first 12 hex digits of a sha256, enough to find it again. */
  static String shortSha(String sha256) {
    return sha256.substring(0, Math.min(12, sha256.length()));
  }
}
