package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryPushRejectedException;
import dev.mlops.core.git.RegistryRepository;
import java.util.List;

/**
 * A registry change of one file set (alias move, drift verdict) shared through a remote: fetch,
 * commit, push; when the remote moved in between, drop the local commit, fetch, and make the change
 * again on the remote's head.
 */
final class SharedCommit {
  private static final int MAX_PUSH_ATTEMPTS = 10;

  private final RegistryRepository registry;
  private final Progress progress;

  SharedCommit(RegistryRepository registry, Progress progress) {
    this.registry = registry;
    this.progress = progress;
  }

  /**
   * What one attempt decided and the commit that recorded it.
   *
   * @param <T> what the change returns
   * @param result the value for the caller
   * @param commit the compare-and-swap commit, which may have written nothing
   */
  record Attempt<T>(T result, CommitResult commit) {}

  /**
   * Makes the change as one compare-and-swap commit; it may run again after a rejected push.
   *
   * @param <T> what the change returns
   */
  @FunctionalInterface
  interface Change<T> {
    Attempt<T> run() throws MlopsException;
  }

  /**
   * Runs {@code change}; with a {@code remote}, fetches first and pushes the branch after.
   *
   * @param what the change for messages, e.g. "the alias move"
   * @param again what a retry does, for the log, e.g. "moving the alias again"
   */
  <T> T run(Change<T> change, String remote, String what, String again) throws MlopsException {
    if (remote == null) {
      return change.run().result();
    }
    registry.fetch(remote);
    for (int attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
      Attempt<T> done = change.run();
      try {
        registry.push(remote, List.of());
        return done.result();
      } catch (RegistryPushRejectedException e) {
        progress.info("Remote '" + remote + "' has new registry commits; " + again);
        if (done.commit().committed()) {
          registry.dropLocalCommit(done.commit().head());
        }
        registry.fetch(remote);
      }
    }
    throw new MlopsException(
        "could not push "
            + what
            + " to remote '"
            + remote
            + "' after "
            + MAX_PUSH_ATTEMPTS
            + " attempts: others keep changing the registry; run the command again");
  }
}
