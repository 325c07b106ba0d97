package dev.mlops.core;

import java.util.List;

/** {@link Progress} implementations that keep what a stage reported, for assertions. */
public final class ProgressLog {
  private ProgressLog() {}

  /** Adds info lines as they are and warnings prefixed with {@code "WARN "} to {@code lines}. */
  public static Progress to(List<String> lines) {
    return lines(lines, "WARN ");
  }

  /** Adds info lines and warnings as they are to {@code lines}. */
  public static Progress unprefixed(List<String> lines) {
    return lines(lines, "");
  }

  /** Adds warnings to {@code warnings} and drops info lines. */
  public static Progress warningsTo(List<String> warnings) {
    return new Progress() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {
        warnings.add(message);
      }
    };
  }

  private static Progress lines(List<String> lines, String warnPrefix) {
    return new Progress() {
      @Override
      public void info(String message) {
        lines.add(message);
      }

      @Override
      public void warn(String message) {
        lines.add(warnPrefix + message);
      }
    };
  }
}
