package dev.mlops.core;

/**
 * Base of every exception the core throws. Subclasses say whether the user's input is at fault
 * ({@link InvalidInputException}) or the step could not run (everything else).
 */
public class MlopsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says what, where and how to fix it. */
  public MlopsException(String message) {
    super(message);
  }

  /** Creates an exception with the failure that caused it. */
  public MlopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
