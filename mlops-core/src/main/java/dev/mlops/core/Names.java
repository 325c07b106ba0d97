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
   * @param setting the key of the setting that gave the name (for example {@code dataset}), named
   *     in the message and in the exception's {@link Remedy}
   */
  public static String requireValid(String name, String setting) throws InvalidInputException {
    if (name == null
        || !NAME.matcher(name).matches()
        || name.contains("..")
        || name.endsWith(".")
        || name.endsWith(".lock")
        || name.length() > 100) {
      throw new InvalidInputException(
          setting
              + " name '"
              + name
              + "' is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit, at most 100 characters",
          name,
          Remedy.setting(setting));
    }
    return name;
  }

  /**
   * Parses a version given as {@code v7} or {@code 7}.
   *
   * @param setting the key of the setting that gave the version (for example {@code version} or
   *     {@code parent}), named in the message and in the exception's {@link Remedy}
   */
  public static int parseVersion(String version, String setting) throws InvalidInputException {
    var m = version == null ? null : VERSION.matcher(version.trim());
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          setting + " '" + version + "' is not a valid version: write it as v<N> or <N>, e.g. v1",
          version,
          Remedy.setting(setting));
    }
    return Integer.parseInt(m.group(1));
  }
}
