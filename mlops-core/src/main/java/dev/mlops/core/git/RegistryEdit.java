package dev.mlops.core.git;

import java.util.Map;

/**
 * A commit to make on the registry branch: its message and the files to add or replace.
 *
 * @param message the commit message (its first line shows in {@code git log --oneline})
 * @param files the files keyed by '/'-separated path; empty or null means nothing to commit
 */
public record RegistryEdit(String message, Map<String, byte[]> files) {
  /** An edit that commits nothing. */
  public static RegistryEdit none() {
    return new RegistryEdit("", Map.of());
  }

  /** Whether there is nothing to commit. */
  public boolean isEmpty() {
    return files == null || files.isEmpty();
  }
}
