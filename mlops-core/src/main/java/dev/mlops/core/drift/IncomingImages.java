package dev.mlops.core.drift;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.DatasetScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The images of an incoming directory, sorted by path. They are labeled when every image sits in a
 * first-level folder named after one of the model's classes ({@code incoming/<class>/x.png});
 * otherwise (loose files, other folder names, deeper nesting) they are unlabeled and only the data
 * and prediction tests run.
 *
 * @param root the directory
 * @param files the image files, relative to {@code root}, with '/' separators
 * @param labels per file the class index, or null when unlabeled
 * @param layout how the directory was read, for the log and the report
 */
public record IncomingImages(Path root, List<String> files, int[] labels, String layout) {
  /** Copies the list. */
  public IncomingImages {
    files = List.copyOf(files);
  }

  /**
   * Lists the images under {@code root}.
   *
   * @param classes the model's class names, index = label
   * @throws InvalidInputException when {@code root} is not a directory
   */
  public static IncomingImages scan(Path root, List<String> classes) throws MlopsException {
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(
          "the incoming directory "
              + root
              + " does not exist or is not a directory; set incoming to the directory of the images"
              + " to check",
          root.toString(),
          Remedy.setting("incoming"));
    }
    List<String> files = list(root);
    Set<String> unknown = new TreeSet<>();
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      int slash = file.indexOf('/');
      int label =
          slash < 0 || file.indexOf('/', slash + 1) >= 0
              ? -1
              : classes.indexOf(file.substring(0, slash));
      if (label < 0) {
        unknown.add(slash < 0 ? "(top level)" : file.substring(0, slash));
      }
      labels[i] = label;
    }
    if (files.isEmpty()) {
      return new IncomingImages(root, files, null, "no images");
    }
    if (unknown.isEmpty()) {
      return new IncomingImages(root, files, labels, "labeled by class folder");
    }
    String layout =
        "unlabeled (images in "
            + String.join(", ", unknown.stream().limit(5).toList())
            + (unknown.size() > 5 ? ", ..." : "")
            + ", which are not class folders of the model)";
    return new IncomingImages(root, files, null, layout);
  }

  /** Whether the images carry labels. */
  public boolean labeled() {
    return labels != null;
  }

  /** The absolute path of file {@code i}. */
  public Path path(int i) {
    return root.resolve(files.get(i));
  }

  private static List<String> list(Path root) throws MlopsException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .filter(IncomingImages::isImage)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new MlopsException("cannot list the incoming images in " + root + ": " + e, e);
    }
    return files;
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0
        && !name.startsWith(".")
        && DatasetScanner.IMAGE_EXTENSIONS.contains(
            name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
