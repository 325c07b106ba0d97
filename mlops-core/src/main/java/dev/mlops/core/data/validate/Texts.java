package dev.mlops.core.data.validate;

import java.util.List;

/** Small text helpers shared by the checks' messages. */
final class Texts {
  private Texts() {}

  /** "a, b, c and 4 more": at most {@code max} items, then the count of the others. */
  static String list(List<String> items, int max) {
    if (items.size() <= max) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
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
