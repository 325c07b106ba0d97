package dev.mlops.core.store;

import dev.mlops.core.Remedy;

/** The store has no object with the requested hash. */
public class MissingObjectException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String sha256;

  /** Creates an exception naming the hash, the store and the fix. */
  public MissingObjectException(String message, String sha256) {
    this(message, sha256, Remedy.NONE);
  }

  /** Creates an exception naming the hash and the store, whose fix is {@code remedy}. */
  public MissingObjectException(String message, String sha256, Remedy remedy) {
    super(message, remedy);
    this.sha256 = sha256;
  }

  /** The hash that was not found. */
  public String sha256() {
    return sha256;
  }
}
