package dev.mlops.core.git;

import dev.mlops.core.MlopsException;

/**
 * Reads a value from one snapshot of the registry branch, so that several reads see the same commit
 * even while other writers move the branch.
 *
 * @param <T> what the query returns
 */
@FunctionalInterface
public interface RegistryQuery<T> {
  /** Computes the value from {@code snapshot}. */
  T apply(RegistrySnapshot snapshot) throws MlopsException;
}
