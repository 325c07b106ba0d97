package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.store.StoreException;

/**
 * A stored artifact of a model version is missing from the object store, corrupt (its bytes no
 * longer hash to the name the card records), or unreadable: the version cannot be used until the
 * object is restored. The cause is the store's {@link dev.mlops.core.store.CorruptObjectException},
 * {@link dev.mlops.core.store.MissingObjectException} or other {@link StoreException}.
 */
public class ModelArtifactException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final int version;
  private final String artifact;
  private final String sha256;

  /**
   * Creates an exception naming the version, the artifact and its object hash; fix: {@code remedy}.
   */
  public ModelArtifactException(
      String message,
      String model,
      int version,
      String artifact,
      String sha256,
      Remedy remedy,
      StoreException cause) {
    super(message, remedy, cause);
    this.model = model;
    this.version = version;
    this.artifact = artifact;
    this.sha256 = sha256;
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /** The version number N of {@code v<N>}. */
  public int version() {
    return version;
  }

  /** The artifact's file name in the model directory, for example {@code params}. */
  public String artifact() {
    return artifact;
  }

  /** The SHA-256 of the object the card records for the artifact. */
  public String sha256() {
    return sha256;
  }
}
