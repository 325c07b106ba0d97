package dev.mlops.core.store;

/** An object's bytes do not hash to its name: the store was damaged or tampered with. */
public class CorruptObjectException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  /** Creates an exception naming the expected and actual hashes and where the object lies. */
  public CorruptObjectException(String message, String expected, String actual) {
    super(message);
    this.expected = expected;
    this.actual = actual;
  }

  /** The hash the object should have. */
  public String expected() {
    return expected;
  }

  /** The hash its bytes have. */
  public String actual() {
    return actual;
  }
}
