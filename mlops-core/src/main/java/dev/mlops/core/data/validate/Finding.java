package dev.mlops.core.data.validate;

import java.util.List;
import java.util.Objects;

/**
 * One problem found by a {@link Check}.
 *
 * @param check the id of the check that found it (for example {@code "decodable"})
 * @param severity whether it fails the validation
 * @param message what is wrong, where, and how to fix it
 * @param files the files concerned, relative to the data directory ('/'-separated); may be empty
 */
public record Finding(String check, Severity severity, String message, List<String> files) {
  /** Checks that no field is missing and freezes the file list. */
  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    files = List.copyOf(files);
  }

  /** A finding that fails the validation. */
  public static Finding error(String check, String message, List<String> files) {
    return new Finding(check, Severity.ERROR, message, files);
  }

  /** A finding that does not fail the validation. */
  public static Finding warning(String check, String message, List<String> files) {
    return new Finding(check, Severity.WARNING, message, files);
  }
}
