package dev.mlops.core.git;

import dev.mlops.core.MlopsException;

/**
 * Like {@link RegistryChange}, but also chooses the commit message from the snapshot, for commits
 * whose message names what was allocated (such as a version number). It may run several times.
 */
@FunctionalInterface
public interface RegistryEditor {
  /** Returns the commit to make on top of {@code snapshot}; null or empty means none. */
  RegistryEdit apply(RegistrySnapshot snapshot) throws MlopsException;
}
