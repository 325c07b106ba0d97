package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.util.Map;

/**
 * Computes the files to write to the registry branch from its current content. It may run several
 * times: when another writer wins the race for the branch, it is run again on the new head, so
 * everything it allocates (such as the next version number) must be derived from the snapshot.
 */
@FunctionalInterface
public interface RegistryChange {
  /**
   * Returns the files to add or replace, keyed by '/'-separated path; an empty map or {@code null}
   * means there is nothing to commit.
   */
  Map<String, byte[]> apply(RegistrySnapshot snapshot) throws MlopsException;
}
