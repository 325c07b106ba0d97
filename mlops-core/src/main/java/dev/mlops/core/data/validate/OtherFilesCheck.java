package dev.mlops.core.data.validate;

import java.util.List;

/** Files of the data directory that the scanner did not take as images: one warning for all. */
final class OtherFilesCheck implements Check {
  static final String ID = "other-files";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<String> files = context.otherFiles().stream().sorted().toList();
    if (files.isEmpty()) {
      return List.of();
    }
    String message =
        (files.size() == 1 ? "1 file is not an image" : files.size() + " files are not images")
            + " (ignored): "
            + Texts.list(files, 3)
            + (files.size() == 1 ? "; move it" : "; move them")
            + " out of the data directory, or give images a supported extension";
    return List.of(Finding.warning(ID, message, files));
  }
}
