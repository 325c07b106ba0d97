package dev.mlops.core;

/**
 * Base of every exception the core throws. Subclasses say whether the user's input is at fault
 * ({@link InvalidInputException}) or the step could not run (everything else). The message says
 * what, where and how to fix it in words that fit every front end; {@link #remedy()} carries the
 * fix's stage and setting keys, which each front end renders as its own command or option.
 */
public class MlopsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Remedy remedy;

  /** Creates an exception whose message says what, where and how to fix it. */
  public MlopsException(String message) {
    this(message, Remedy.NONE, null);
  }

  /** Creates an exception with the failure that caused it. */
  public MlopsException(String message, Throwable cause) {
    this(message, Remedy.NONE, cause);
  }

  /** Creates an exception whose fix is {@code remedy}. */
  public MlopsException(String message, Remedy remedy) {
    this(message, remedy, null);
  }

  /** Creates an exception whose fix is {@code remedy}, with the failure that caused it. */
  public MlopsException(String message, Remedy remedy, Throwable cause) {
    super(message, cause);
    this.remedy = remedy == null ? Remedy.NONE : remedy;
  }

  /** The stage to run or the settings to change to fix this; {@link Remedy#NONE} when neither. */
  public Remedy remedy() {
    return remedy;
  }
}
