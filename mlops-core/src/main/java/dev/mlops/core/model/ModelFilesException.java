package dev.mlops.core.model;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import java.nio.file.Path;

/**
 * A model directory cannot be read or written: a file is missing, unreadable, or does not match the
 * others. The step cannot run; the message names the file and how to recover.
 */
public class ModelFilesException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** Creates an exception about {@code file}. */
  public ModelFilesException(String message, Path file) {
    super(message);
    this.file = file;
  }

  /** Creates an exception about {@code file} caused by another failure. */
  public ModelFilesException(String message, Path file, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /**
   * Creates an exception about {@code file} whose fix is {@code remedy}; {@code cause} may be null.
   */
  public ModelFilesException(String message, Path file, Remedy remedy, Throwable cause) {
    super(message, remedy, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
