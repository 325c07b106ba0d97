package dev.mlops.core.store;

import dev.mlops.core.MlopsException;

/** The object store could not be read or written. */
public class StoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the object, the path and the fix. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates an exception with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
