package dev.mlops.core.fuzz;

import java.nio.file.Path;

/**
 * One way a user's image enters the project (scanner, validation, drift's reader, serving). It
 * handles one file and says whether it accepted or reported it; any exception that escapes is a
 * crash, since every documented failure is turned into a report here.
 */
public interface FuzzTarget {
  /** Short name for reports, e.g. {@code validate}. */
  String name();

  /**
   * Whether the target decodes pixels, so that a header over {@code maxPixels} must be refused
   * before decoding (reported with a message naming maxPixels).
   */
  boolean decodes();

  /**
   * Handles one file.
   *
   * @param file the file under test
   * @return what happened; a report must name the file
   * @throws Exception anything undocumented: counted as a crash
   */
  Outcome handle(FuzzCase file) throws Exception;

  /**
   * One file as each target sees it.
   *
   * @param dataDirectory a data directory holding just this file, as {@code a/<name>}
   * @param relativePath {@code a/<name>}
   * @param bytes the content
   */
  record FuzzCase(Path dataDirectory, String relativePath, byte[] bytes) {
    /** The file name, as reports must mention it. */
    public String name() {
      return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }

    /** The absolute file. */
    public Path file() {
      return dataDirectory.resolve(relativePath);
    }
  }

  /**
   * What a target did with a file.
   *
   * @param reported whether the file was refused or flagged
   * @param message the report (null when accepted)
   */
  record Outcome(boolean reported, String message) {
    /** Accepted: decoded (or, for the scanner, hashed) without complaint. */
    public static final Outcome ACCEPTED = new Outcome(false, null);

    /** Reported with {@code message}. */
    public static Outcome reported(String message) {
      return new Outcome(true, message);
    }
  }
}
