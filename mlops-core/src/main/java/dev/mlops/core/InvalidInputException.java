package dev.mlops.core;

/**
 * The user's data, configuration value, name or version is not acceptable. The build fails (not
 * errors): the user must fix the project. {@link #value()} is the offending value, as given.
 */
public class InvalidInputException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String value;

  /** Creates an exception for a bad value; the message names where it came from and the fix. */
  public InvalidInputException(String message, String value) {
    super(message);
    this.value = value;
  }

  /** Creates an exception for a bad value that was detected through another failure. */
  public InvalidInputException(String message, String value, Throwable cause) {
    super(message, cause);
    this.value = value;
  }

  /** The offending value, or {@code null} when the problem is not one value. */
  public String value() {
    return value;
  }
}
