package dev.mlops.core.data.validate;

import dev.mlops.core.data.FileNames;
import java.util.List;

/** Small text helpers shared by the checks' messages. */
final class Texts {
  private Texts() {}

  /**
   * "a, b, c and 4 more": at most {@code max} file or folder names, {@link #name escaped}, then the
   * count of the others.
   */
  static String list(List<String> items, int max) {
    List<String> shown = items.subList(0, Math.min(max, items.size()));
    String listed = String.join(", ", shown.stream().map(Texts::name).toList());
    return items.size() <= max ? listed : listed + " and " + (items.size() - max) + " more";
  }

  /** A file, folder or class name for a message: one line, whatever characters it has. */
  static String name(String name) {
    return FileNames.escape(name);
  }

  /** "a, b": names {@link #name escaped}, joined with {@code separator}. */
  static String join(String separator, Iterable<String> names) {
    StringBuilder text = new StringBuilder();
    for (String n : names) {
      text.append(text.length() == 0 ? "" : separator).append(name(n));
    }
    return text.toString();
  }

  /** "1 image" or "2 images". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The folder of a '/'-separated relative path ("" for a file at the top). */
  static String folder(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
