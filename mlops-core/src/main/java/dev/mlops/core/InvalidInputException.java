package dev.mlops.core;

/**
 * The user's data, configuration value, name or version is not acceptable. The build fails (not
 * errors): the user must fix the project. {@link #value()} is the offending value, as given; {@link
 * #remedy()} names the setting it came from (a key such as {@code maxImbalance}) when there is one.
 */
public class InvalidInputException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String value;

  /** Creates an exception for a bad value; the message names where it came from and the fix. */
  public InvalidInputException(String message, String value) {
    this(message, value, Remedy.NONE, null);
  }

  /** Creates an exception for a bad value that was detected through another failure. */
  public InvalidInputException(String message, String value, Throwable cause) {
    this(message, value, Remedy.NONE, cause);
  }

  /** Creates an exception for a bad value whose fix is {@code remedy}. */
  public InvalidInputException(String message, String value, Remedy remedy) {
    this(message, value, remedy, null);
  }

  /** Creates an exception for a bad value whose fix is {@code remedy}, with its cause. */
  public InvalidInputException(String message, String value, Remedy remedy, Throwable cause) {
    super(message, remedy, cause);
    this.value = value;
  }

  /** The offending value, or {@code null} when the problem is not one value. */
  public String value() {
    return value;
  }
}
