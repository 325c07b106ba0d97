package dev.mlops.core.git;

/** Checks of registry paths: relative, '/'-separated, no empty, "." or ".." segments. */
final class RegistryPaths {
  private RegistryPaths() {}

  /** A file path, returned unchanged when valid. */
  static String file(String path) {
    if (path == null || path.isEmpty() || !valid(path)) {
      throw new IllegalArgumentException("not a valid registry file path: '" + path + "'");
    }
    return path;
  }

  /** A directory path without leading or trailing '/'; "" is the root. */
  static String directory(String path) {
    String clean = path == null ? "" : path;
    while (clean.startsWith("/")) {
      clean = clean.substring(1);
    }
    while (clean.endsWith("/")) {
      clean = clean.substring(0, clean.length() - 1);
    }
    if (!clean.isEmpty() && !valid(clean)) {
      throw new IllegalArgumentException("not a valid registry directory: '" + path + "'");
    }
    return clean;
  }

  private static boolean valid(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      if (segment.equals(".git") || segment.indexOf('\0') >= 0 || segment.indexOf('\\') >= 0) {
        return false;
      }
    }
    return true;
  }
}
