package dev.mlops.core.data.validate;

import dev.mlops.core.data.Layout;
import dev.mlops.core.data.ManifestEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Class folders against the declared {@code classes}: a declared class missing from a split, or a
 * class folder that is not declared, is an error. Without declared classes, a class present in some
 * splits but missing from another is a warning.
 */
final class ClassesCheck implements Check {
  static final String ID = "classes";

  private final List<String> declared;

  ClassesCheck(List<String> declared) {
    this.declared = List.copyOf(declared);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    Map<String, Map<String, Integer>> counts = context.manifest().counts();
    List<Finding> findings = new ArrayList<>();
    Set<String> expected = declared.isEmpty() ? context.manifest().labels() : Set.copyOf(declared);
    for (var split : counts.entrySet()) {
      SortedSet<String> missing = new TreeSet<>(expected);
      missing.removeAll(split.getValue().keySet());
      if (!missing.isEmpty()) {
        findings.add(missing(context.manifest().layout(), split.getKey(), missing));
      }
    }
    if (!declared.isEmpty()) {
      findings.addAll(undeclared(context.manifest().entries()));
    }
    return findings;
  }

  private Finding missing(Layout layout, String split, SortedSet<String> missing) {
    List<String> folders =
        missing.stream().map(c -> layout == Layout.SPLIT_FOLDERS ? split + "/" + c : c).toList();
    if (declared.isEmpty()) {
      return Finding.warning(
          ID,
          split
              + ": no images of classes "
              + Texts.join(", ", missing)
              + " (present in other splits); add images under "
              + Texts.list(folders, 5)
              + ", or declare classes to make this an error",
          List.of());
    }
    String why =
        layout == Layout.SPLIT_FOLDERS ? "" : " (the seeded split put none of their images there)";
    return Finding.error(
        ID,
        split
            + ": declared classes missing: "
            + Texts.join(", ", missing)
            + why
            + "; add images under "
            + Texts.list(folders, 5)
            + ", or remove them from classes",
        List.of());
  }

  private List<Finding> undeclared(List<ManifestEntry> entries) {
    Map<String, SortedSet<String>> folders = new TreeMap<>();
    for (ManifestEntry e : entries) {
      if (!declared.contains(e.label())) {
        folders.computeIfAbsent(e.label(), k -> new TreeSet<>()).add(Texts.folder(e.path()));
      }
    }
    List<Finding> findings = new ArrayList<>();
    folders.forEach(
        (label, dirs) ->
            findings.add(
                Finding.error(
                    ID,
                    "class folder '"
                        + Texts.name(label)
                        + "' is not declared in classes "
                        + declared
                        + ": "
                        + Texts.list(List.copyOf(dirs), 5)
                        + "; add '"
                        + Texts.name(label)
                        + "' to classes, or remove the folder",
                    List.copyOf(dirs))));
    return findings;
  }
}
