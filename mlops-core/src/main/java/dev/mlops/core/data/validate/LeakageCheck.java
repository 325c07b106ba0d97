package dev.mlops.core.data.validate;

import dev.mlops.core.data.ManifestEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The same content in two or more splits: an error per group naming every copy, because a test
 * image seen in training makes the evaluation overstate the model.
 */
final class LeakageCheck implements Check {
  static final String ID = "leakage";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    for (List<ManifestEntry> group : ContentGroups.of(context.manifest().entries())) {
      if (group.stream().map(ManifestEntry::split).distinct().count() > 1) {
        findings.add(finding(group));
      }
    }
    return findings;
  }

  private static Finding finding(List<ManifestEntry> group) {
    List<String> splits = group.stream().map(e -> e.split().dirName()).distinct().toList();
    TreeSet<String> labels = new TreeSet<>();
    group.forEach(e -> labels.add(e.label()));
    List<String> paths = ContentGroups.paths(group);
    String message =
        "identical content in "
            + String.join(" and ", splits)
            + " (sha256 "
            + ContentGroups.shortSha(group.get(0).sha256())
            + "): "
            + Texts.list(paths, 3)
            + (labels.size() > 1 ? ", labelled " + Texts.join(" and ", labels) : "")
            + "; keep it in one split only (leakage inflates evaluation results)";
    return Finding.error(ID, message, paths);
  }
}
