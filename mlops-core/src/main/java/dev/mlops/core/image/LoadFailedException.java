package dev.mlops.core.image;

import dev.mlops.core.MlopsException;

/**
 * A worker of an {@link ImageLoader} failed; thrown by the epoch iterator on the consumer's thread
 * (an {@link java.util.Iterator} cannot throw checked exceptions). {@link #getCause()} is the
 * failure: an {@link dev.mlops.core.InvalidInputException} naming the file for an image that cannot
 * be read, so callers rethrow it: {@code catch (LoadFailedException e) { throw e.getCause(); }}.
 */
public final class LoadFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps the failure of a worker. */
  public LoadFailedException(MlopsException cause) {
    super(cause.getMessage(), cause);
  }

  /** The failure of the worker. */
  @Override
  public synchronized MlopsException getCause() {
    return (MlopsException) super.getCause();
  }
}
