package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.util.List;

/**
 * The remote refused the registry branch because it moved since the last fetch (someone else
 * registered a version). The caller can fetch, redo its change on the new head and push again.
 */
public class RegistryPushRejectedException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String remote;
  private final List<String> refs;

  /** Creates the exception for the refs that {@code remote} rejected. */
  public RegistryPushRejectedException(String remote, List<String> refs) {
    super(
        "remote '"
            + remote
            + "' rejected "
            + String.join(", ", refs)
            + " because it changed since the last fetch; fetch the registry branch and redo the"
            + " registration on its new head");
    this.remote = remote;
    this.refs = List.copyOf(refs);
  }

  /** The remote that rejected the push. */
  public String remote() {
    return remote;
  }

  /** The full names of the rejected refs. */
  public List<String> refs() {
    return refs;
  }
}
