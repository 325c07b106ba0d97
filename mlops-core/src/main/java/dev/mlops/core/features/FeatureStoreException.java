package dev.mlops.core.features;

import dev.mlops.core.MlopsException;

/** The feature store's database could not be opened, read or written. */
public class FeatureStoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the database and the fix. */
  public FeatureStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception whose message names the database and the fix. */
  public FeatureStoreException(String message) {
    super(message);
  }
}
