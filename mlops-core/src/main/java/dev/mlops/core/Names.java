package dev.mlops.core;

import java.util.regex.Pattern;

/**
 * Validation of user-given names (datasets, models, aliases) that end up inside Git ref names and
 * registry paths. The pattern admits no slash, no "..", no leading dot or dash, so no input can
 * form a ref outside its namespace.
 */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("v?([1-9][0-9]{0,8})");

  private Names() {}

  /**
   * Returns {@code name} when valid.
   *
   * @param what what the name is for, used in the message (for example "dataset name")
   * @param hint how the user sets it (for example "-Dmlops.dataset=NAME")
   */
  public static String requireValid(String name, String what, String hint)
      throws InvalidInputException {
    if (name == null
        || !NAME.matcher(name).matches()
        || name.contains("..")
        || name.endsWith(".")
        || name.endsWith(".lock")
        || name.length() > 100) {
      throw new InvalidInputException(
          what
              + " '"
              + name
              + "' is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit, at most 100 characters (set it with "
              + hint
              + ")",
          name);
    }
    return name;
  }

  /**
   * Parses a version given as {@code v7} or {@code 7}.
   *
   * @param hint how the user sets it (for example "-Dmlops.version=v1")
   */
  public static int parseVersion(String version, String hint) throws InvalidInputException {
    var m = version == null ? null : VERSION.matcher(version.trim());
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          "version '" + version + "' is not valid: write it as v<N> or <N>, e.g. v1 (" + hint + ")",
          version);
    }
    return Integer.parseInt(m.group(1));
  }
}
