package dev.mlops.core.store;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;

/** The object store could not be read or written. */
public class StoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the object, the path and the fix. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates an exception whose fix is {@code remedy}. */
  public StoreException(String message, Remedy remedy) {
    super(message, remedy);
  }

  /** Creates an exception with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
