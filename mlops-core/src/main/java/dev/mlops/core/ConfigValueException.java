package dev.mlops.core;

/**
 * A config record's compact constructor rejected a field. Records cannot throw checked exceptions,
 * so this unchecked one carries the offending value to the record's builder, which turns it into an
 * {@link InvalidInputException}.
 */
public final class ConfigValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;

  private ConfigValueException(String message, String field, String value) {
    super(message);
    this.field = field;
    this.value = value;
  }

  /**
   * Throws when {@code ok} is false, with a message like {@code "epochs is '0'; must be at least
   * 1"}.
   */
  public static void require(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new ConfigValueException(
          field + " is " + (value == null ? "missing" : "'" + value + "'") + "; " + rule,
          field,
          value == null ? null : String.valueOf(value));
    }
  }

  /**
   * Throws when {@code ok} is false, with {@code message} as it is (for configs whose messages
   * already name the field, its value and the rule).
   */
  public static void requireWithMessage(boolean ok, String field, String message, Object value) {
    if (!ok) {
      throw new ConfigValueException(message, field, value == null ? null : String.valueOf(value));
    }
  }

  /** The rejected field's key, e.g. {@code epochs}: callers map it to their own option name. */
  public String field() {
    return field;
  }

  /** The rejected value as text, or null when it was missing. */
  public String value() {
    return value;
  }

  /**
   * This rejection as an {@link InvalidInputException} whose remedy names the field, its message
   * prefixed with {@code what}.
   */
  public InvalidInputException toInvalidInput(String what) {
    return new InvalidInputException(
        what + ": " + getMessage(), value, Remedy.setting(field), this);
  }
}
