package dev.mlops.core.git;

import java.util.Optional;

/**
 * The outcome of {@link RegistryRepository#commit}.
 *
 * @param committed whether a new commit was written (false when the change had nothing to write)
 * @param head the registry branch head after the call; null when the branch still does not exist
 * @param attempts how many times the change ran (more than 1 after lost races)
 */
public record CommitResult(boolean committed, String head, int attempts) {
  /** The registry branch head after the call, if the branch exists. */
  public Optional<String> headId() {
    return Optional.ofNullable(head);
  }
}
