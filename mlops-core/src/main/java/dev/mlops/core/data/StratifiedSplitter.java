package dev.mlops.core.data;

import dev.mlops.core.data.DatasetScanner.FoundFile;
import dev.mlops.core.store.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the manifest entries, assigning splits for a {@code <class>/<file>} layout. */
final class StratifiedSplitter {
  private StratifiedSplitter() {}

  static Manifest manifest(
      Layout layout, SplitPolicy policy, List<FoundFile> images, String[] sha256) {
    List<ManifestEntry> entries = new ArrayList<>(images.size());
    if (layout == Layout.SPLIT_FOLDERS) {
      for (int i = 0; i < images.size(); i++) {
        FoundFile f = images.get(i);
        Split split = Split.fromDirName(f.parts()[0]).orElseThrow();
        entries.add(new ManifestEntry(f.path(), split, f.parts()[1], sha256[i], f.size()));
      }
      return new Manifest(layout, null, entries);
    }
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < images.size(); i++) {
      byClass.computeIfAbsent(images.get(i).parts()[0], k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> members : byClass.values()) {
      entries.addAll(splitClass(policy, images, sha256, members));
    }
    return new Manifest(layout, policy, entries);
  }

  /**
   * Orders one class by a seeded hash of (content, path) -- independent of the order files were
   * found and of the machine -- and cuts it at the policy's fractions, so every class is split in
   * the same proportions (stratified).
   */
  private static List<ManifestEntry> splitClass(
      SplitPolicy policy, List<FoundFile> images, String[] shas, List<Integer> members) {
    List<String[]> keyed = new ArrayList<>();
    for (int i : members) {
      String key = policy.seed() + ":" + shas[i] + ":" + images.get(i).path();
      keyed.add(
          new String[] {Hashing.sha256(key.getBytes(StandardCharsets.UTF_8)), Integer.toString(i)});
    }
    keyed.sort(Comparator.comparing(k -> k[0]));
    int n = keyed.size();
    int nTrain = (int) Math.round(n * policy.train());
    int nVal = Math.min(n - nTrain, (int) Math.round(n * policy.val()));
    List<ManifestEntry> entries = new ArrayList<>(n);
    for (int rank = 0; rank < n; rank++) {
      int i = Integer.parseInt(keyed.get(rank)[1]);
      Split split = rank < nTrain ? Split.TRAIN : rank < nTrain + nVal ? Split.VAL : Split.TEST;
      FoundFile f = images.get(i);
      entries.add(new ManifestEntry(f.path(), split, f.parts()[0], shas[i], f.size()));
    }
    return entries;
  }
}
