package dev.mlops.core.data.version;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What changed between two versions of a dataset.
 *
 * @param dataset the dataset name
 * @param from the older version compared
 * @param to the newer version compared
 * @param added files only in {@code to} (not counting relabelled ones)
 * @param removed files only in {@code from} (not counting relabelled ones)
 * @param changed files at the same path with other content
 * @param relabelled the same content moved to another class folder (before, after)
 * @param perClass counts per class label, sorted by label
 */
public record DataDiff(
    String dataset,
    int from,
    int to,
    List<ManifestEntry> added,
    List<ManifestEntry> removed,
    List<Change> changed,
    List<Change> relabelled,
    SortedMap<String, ClassDelta> perClass) {
  private static final int LISTED_FILES = 20;

  /**
   * One file in both versions.
   *
   * @param before the entry in the older version
   * @param after the entry in the newer version
   */
  public record Change(ManifestEntry before, ManifestEntry after) {}

  /**
   * The change of one class.
   *
   * @param before files of the class in the older version
   * @param after files of the class in the newer version
   * @param added files added to it
   * @param removed files removed from it
   * @param changed files of it with new content
   * @param relabelledIn files relabelled into it from another class
   * @param relabelledOut files relabelled from it to another class
   */
  public record ClassDelta(
      int before,
      int after,
      int added,
      int removed,
      int changed,
      int relabelledIn,
      int relabelledOut) {
    boolean isEmpty() {
      return added + removed + changed + relabelledIn + relabelledOut == 0;
    }
  }

  /** Copies the collections. */
  public DataDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    relabelled = List.copyOf(relabelled);
    perClass = Collections.unmodifiableSortedMap(new TreeMap<>(perClass));
  }

  /** Compares two manifests of {@code dataset}. */
  public static DataDiff between(
      String dataset, int from, int to, Manifest before, Manifest after) {
    Map<String, ManifestEntry> old = new HashMap<>();
    before.entries().forEach(e -> old.put(e.path(), e));
    Map<String, ManifestEntry> now = new HashMap<>();
    after.entries().forEach(e -> now.put(e.path(), e));
    List<ManifestEntry> added = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    for (ManifestEntry e : after.entries()) {
      ManifestEntry was = old.get(e.path());
      if (was == null) {
        added.add(e);
      } else if (!was.sha256().equals(e.sha256())) {
        changed.add(new Change(was, e));
      }
    }
    List<ManifestEntry> removed = new ArrayList<>();
    before.entries().stream().filter(e -> !now.containsKey(e.path())).forEach(removed::add);
    List<Change> relabelled = pairRelabelled(removed, added);
    return new DataDiff(
        dataset,
        from,
        to,
        added,
        removed,
        changed,
        relabelled,
        perClass(before, after, added, removed, changed, relabelled));
  }

  /** Moves pairs (removed, added) with equal content and different labels into the result. */
  private static List<Change> pairRelabelled(
      List<ManifestEntry> removed, List<ManifestEntry> added) {
    Map<String, Deque<ManifestEntry>> removedBySha = new HashMap<>();
    removed.forEach(e -> removedBySha.computeIfAbsent(e.sha256(), k -> new ArrayDeque<>()).add(e));
    List<Change> relabelled = new ArrayList<>();
    Set<ManifestEntry> paired = new HashSet<>();
    for (ManifestEntry now : added) {
      Deque<ManifestEntry> candidates = removedBySha.getOrDefault(now.sha256(), new ArrayDeque<>());
      for (Iterator<ManifestEntry> c = candidates.iterator(); c.hasNext(); ) {
        ManifestEntry was = c.next();
        if (!was.label().equals(now.label())) {
          relabelled.add(new Change(was, now));
          paired.add(was);
          paired.add(now);
          c.remove();
          break;
        }
      }
    }
    removed.removeIf(paired::contains);
    added.removeIf(paired::contains);
    return relabelled;
  }

  private static SortedMap<String, ClassDelta> perClass(
      Manifest before,
      Manifest after,
      List<ManifestEntry> added,
      List<ManifestEntry> removed,
      List<Change> changed,
      List<Change> relabelled) {
    Map<String, int[]> counts = new TreeMap<>();
    before.entries().forEach(e -> counter(counts, e.label())[0]++);
    after.entries().forEach(e -> counter(counts, e.label())[1]++);
    added.forEach(e -> counter(counts, e.label())[2]++);
    removed.forEach(e -> counter(counts, e.label())[3]++);
    changed.forEach(c -> counter(counts, c.after().label())[4]++);
    relabelled.forEach(c -> counter(counts, c.after().label())[5]++);
    relabelled.forEach(c -> counter(counts, c.before().label())[6]++);
    SortedMap<String, ClassDelta> result = new TreeMap<>();
    counts.forEach(
        (label, n) -> result.put(label, new ClassDelta(n[0], n[1], n[2], n[3], n[4], n[5], n[6])));
    return result;
  }

  private static int[] counter(Map<String, int[]> counts, String label) {
    return counts.computeIfAbsent(label, k -> new int[7]);
  }

  /** Whether the two versions hold the same files. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && relabelled.isEmpty();
  }

  /**
   * A headline, one line per class that changed, then the files: {@code +} added, {@code -}
   * removed, {@code ~} changed, and relabelled (at most 20 of each kind).
   */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    String head = "Dataset " + dataset + " v" + from + " -> v" + to + ": ";
    if (isEmpty()) {
      lines.add(head + "no differences");
      return lines;
    }
    lines.add(
        head
            + added.size()
            + " added, "
            + removed.size()
            + " removed, "
            + changed.size()
            + " changed, "
            + relabelled.size()
            + " relabelled");
    perClass.forEach(
        (label, d) -> {
          if (!d.isEmpty()) {
            lines.add(
                String.format(
                    Locale.ROOT,
                    "  %s: %d -> %d files (+%d added, -%d removed, %d changed, %d relabelled in,"
                        + " %d out)",
                    label,
                    d.before(),
                    d.after(),
                    d.added(),
                    d.removed(),
                    d.changed(),
                    d.relabelledIn(),
                    d.relabelledOut()));
          }
        });
    listed(lines, "added", added.stream().map(e -> "  + " + e.path()).toList());
    listed(lines, "removed", removed.stream().map(e -> "  - " + e.path()).toList());
    listed(lines, "changed", changed.stream().map(c -> "  ~ " + c.after().path()).toList());
    listed(
        lines,
        "relabelled",
        relabelled.stream()
            .map(c -> "  relabelled " + c.before().path() + " -> " + c.after().path())
            .toList());
    return lines;
  }

  private static void listed(List<String> lines, String kind, List<String> items) {
    items.stream().limit(LISTED_FILES).forEach(lines::add);
    if (items.size() > LISTED_FILES) {
      lines.add("  ... and " + (items.size() - LISTED_FILES) + " more " + kind);
    }
  }
}
