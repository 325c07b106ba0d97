package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * Files of the data directory that the scanner did not take as images: one warning for all, and one
 * for the symbolic links it did not follow.
 */
final class OtherFilesCheck implements Check {
  static final String ID = "other-files";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    List<String> files = context.otherFiles().stream().sorted().toList();
    if (!files.isEmpty()) {
      findings.add(otherFiles(files));
    }
    List<String> links = context.symbolicLinks().stream().sorted().toList();
    if (!links.isEmpty()) {
      findings.add(links(links));
    }
    return findings;
  }

  private static Finding otherFiles(List<String> files) {
    String message =
        (files.size() == 1 ? "1 file is not an image" : files.size() + " files are not images")
            + " (ignored): "
            + Texts.list(files, 3)
            + (files.size() == 1 ? "; move it" : "; move them")
            + " out of the data directory, or give images a supported extension";
    return Finding.warning(ID, message, files);
  }

  private static Finding links(List<String> links) {
    String message =
        (links.size() == 1 ? "1 symbolic link was" : links.size() + " symbolic links were")
            + " skipped, not followed (neither "
            + (links.size() == 1 ? "it nor its target is" : "they nor their targets are")
            + " part of the dataset): "
            + Texts.list(links, 3)
            + "; put the files themselves in the data directory to include them, or remove the"
            + (links.size() == 1 ? " link" : " links");
    return Finding.warning(ID, message, links);
  }
}
