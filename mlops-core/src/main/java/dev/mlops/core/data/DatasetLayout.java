package dev.mlops.core.data;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.DatasetScanner.FoundFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules that turn a listing of a data directory into a manifest: which layout it has, which
 * files belong to the dataset, and which split each file is in. {@link DatasetScanner} applies them
 * to a local directory; a distributed scan lists and hashes elsewhere and applies the same rules,
 * so both produce the same manifest.
 */
public final class DatasetLayout {
  private DatasetLayout() {}

  /**
   * The dataset's files among a listing.
   *
   * @param layout the detected layout
   * @param images the dataset's files, in listing order
   * @param otherFiles files that are not part of the dataset, relative paths, in listing order
   */
  public record Selection(
      Layout layout, List<DataDirectory.DataFile> images, List<String> otherFiles) {
    /** Copies the lists. */
    public Selection {
      Objects.requireNonNull(layout, "layout");
      images = List.copyOf(images);
      otherFiles = List.copyOf(otherFiles);
    }
  }

  /**
   * Detects the layout of a listing and separates the dataset's images from other files.
   *
   * @param dir the data directory as shown in messages (a path or a URI)
   * @param files every regular, non-hidden file, as {@link DataDirectory#list} finds them
   * @throws InvalidInputException when split and class folders are mixed, or there is no image
   */
  public static Selection select(String dir, List<DataDirectory.DataFile> files)
      throws InvalidInputException {
    List<FoundFile> found = new ArrayList<>(files.size());
    for (DataDirectory.DataFile f : files) {
      found.add(new FoundFile(f.path(), f.path().split("/"), f.size(), f.mtimeNanos()));
    }
    Layout layout = detectLayout(dir, found);
    List<DataDirectory.DataFile> images = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (isDatasetFile(found.get(i), layout)) {
        images.add(files.get(i));
      } else {
        others.add(found.get(i).path());
      }
    }
    if (images.isEmpty()) {
      throw new InvalidInputException(
          "no images found in "
              + FileNames.escape(dir)
              + "; put them in <split>/<class>/<file> (train, val, test) or <class>/<file> folders"
              + " (JPEG, PNG, BMP or GIF)",
          dir);
    }
    return new Selection(layout, images, others);
  }

  /**
   * The manifest of a selection whose images have the given hashes.
   *
   * @param policy the split applied to a {@link Layout#CLASS_FOLDERS} layout
   * @param sha256 the lower-case hex SHA-256 of each image, index-aligned with {@code
   *     selection.images()}
   */
  public static Manifest manifest(Selection selection, SplitPolicy policy, List<String> sha256) {
    if (sha256.size() != selection.images().size()) {
      throw new IllegalArgumentException(
          sha256.size() + " hashes for " + selection.images().size() + " images");
    }
    List<FoundFile> images = new ArrayList<>(selection.images().size());
    selection
        .images()
        .forEach(f -> images.add(new FoundFile(f.path(), f.path().split("/"), f.size(), 0)));
    return StratifiedSplitter.manifest(
        selection.layout(), policy, images, sha256.toArray(String[]::new));
  }

  /**
   * The error for a data directory in which a checkout is swapping files, or died doing so ({@link
   * DataDirectory#CHECKOUT_JOURNAL} exists): it holds a mix of two versions.
   */
  public static InvalidInputException checkoutInterrupted(String dir) {
    return new InvalidInputException(
        "a dataset checkout is swapping files in "
            + FileNames.escape(dir)
            + ", or was interrupted doing so: it holds a mix of two versions. If no checkout is"
            + " running, check out a version again: that first puts every file back as it was",
        dir);
  }

  private static Layout detectLayout(String dir, List<FoundFile> files)
      throws InvalidInputException {
    Set<String> splitFolders = new HashSet<>();
    Set<String> otherFolders = new HashSet<>();
    for (FoundFile f : files) {
      if (f.parts().length > 1) {
        String top = f.parts()[0];
        (Split.fromDirName(top).isPresent() ? splitFolders : otherFolders).add(top);
      }
    }
    if (!splitFolders.isEmpty() && !otherFolders.isEmpty()) {
      throw new InvalidInputException(
          "data directory "
              + FileNames.escape(dir)
              + " mixes split folders "
              + FileNames.escape(new TreeSet<>(splitFolders).toString())
              + " with class folders "
              + FileNames.escape(new TreeSet<>(otherFolders).toString())
              + "; use either <split>/<class>/<file> or <class>/<file>",
          dir);
    }
    return splitFolders.isEmpty() ? Layout.CLASS_FOLDERS : Layout.SPLIT_FOLDERS;
  }

  private static boolean isDatasetFile(FoundFile f, Layout layout) {
    int depth = layout == Layout.SPLIT_FOLDERS ? 3 : 2;
    return f.parts().length == depth && DatasetScanner.IMAGE_EXTENSIONS.contains(f.extension());
  }
}
