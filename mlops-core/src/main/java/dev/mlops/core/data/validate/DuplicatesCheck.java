package dev.mlops.core.data.validate;

import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Files with identical content inside one split: a warning per group, since copies weigh an image
 * twice. Copies across splits are the leakage check's business.
 */
final class DuplicatesCheck implements Check {
  static final String ID = "duplicates";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    for (List<ManifestEntry> group : ContentGroups.of(context.manifest().entries())) {
      Map<Split, List<ManifestEntry>> bySplit = new EnumMap<>(Split.class);
      group.forEach(e -> bySplit.computeIfAbsent(e.split(), k -> new ArrayList<>()).add(e));
      bySplit.forEach(
          (split, copies) -> {
            if (copies.size() > 1) {
              findings.add(finding(split, copies));
            }
          });
    }
    return findings;
  }

  private static Finding finding(Split split, List<ManifestEntry> copies) {
    List<String> paths = ContentGroups.paths(copies);
    String message =
        copies.size()
            + " files in "
            + split.dirName()
            + " have identical content (sha256 "
            + ContentGroups.shortSha(copies.get(0).sha256())
            + "): "
            + Texts.list(paths, 3)
            + "; keep one copy";
    return Finding.warning(ID, message, paths);
  }
}
