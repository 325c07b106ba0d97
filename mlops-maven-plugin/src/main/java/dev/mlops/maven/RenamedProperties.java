package dev.mlops.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Properties that an earlier version of the plugin read and this one does not. Maven ignores a
 * property nobody reads, so a user's {@code -Dmlops.drift.pValue=0.01} would silently check at the
 * default level: every goal fails instead, naming the new property.
 */
final class RenamedProperties {
  /**
   * Old prefix to new prefix: goal-specific properties are {@code mlops.<goal>.<param>} with the
   * goal's full name since 0.1.0 (this table is the one place that knows the old names).
   */
  static final Map<String, String> PREFIXES =
      Map.of(
          "mlops.drift.", "mlops.drift-check.",
          "mlops.validate.", "mlops.validate-data.",
          "mlops.export.", "mlops.export-onnx.");

  private RenamedProperties() {}

  /** The new name of {@code property}, or null when it was not renamed. */
  static String renamed(String property) {
    for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
      if (property.startsWith(e.getKey())) {
        return e.getValue() + property.substring(e.getKey().length());
      }
    }
    return null;
  }

  /**
   * One line per renamed property set in {@code userProperties} (the command line's {@code -D}) or
   * {@code projectProperties} (the POM's {@code <properties>}), naming the new one; empty when none
   * is set.
   */
  static List<String> used(Properties userProperties, Properties projectProperties) {
    List<String> lines = new ArrayList<>();
    for (String name : new TreeSet<>(userProperties.stringPropertyNames())) {
      String now = renamed(name);
      if (now != null) {
        lines.add("-D" + name + " is now -D" + now);
      }
    }
    for (String name : new TreeSet<>(projectProperties.stringPropertyNames())) {
      String now = renamed(name);
      if (now != null) {
        lines.add("<" + name + "> in the POM's <properties> is now <" + now + ">");
      }
    }
    return lines;
  }
}
