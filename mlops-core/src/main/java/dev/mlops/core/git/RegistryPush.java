package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import java.util.List;

/**
 * The one fetch-commit-push-retry loop of every registry writer (dataset versions, model versions,
 * aliases, drift verdicts) that shares the registry through a remote.
 *
 * <p>A local commit is made by compare-and-swap ({@link RegistryRepository#commit}), which only
 * protects writers of the same repository. Writers in other clones meet at the remote: the branch
 * is pushed first and alone, and when the remote refuses it (someone pushed since our fetch) the
 * local commit is dropped, the remote's head fetched, and the change made again on top of it. Only
 * after the branch is accepted are tags created and pushed, so a tag never reaches the remote for a
 * version number the remote then refuses.
 *
 * <p>The loop is bounded ({@link #DEFAULT_MAX_ATTEMPTS}); when exhausted, the local branch equals
 * the remote's again (nothing of the run is left half-pushed) and the error says to run again.
 */
public final class RegistryPush {
  /** Attempts before giving up; each lost race costs one fetch, so ten is seconds, not minutes. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  private final RegistryRepository registry;
  private final String remote;
  private final Progress progress;
  private final int maxAttempts;
  private boolean fetched;

  /**
   * What one attempt decided, and the commit that recorded it.
   *
   * @param <T> what the change returns to its caller
   * @param value the value for the caller
   * @param commit the compare-and-swap commit, which may have written nothing
   */
  public record Attempt<T>(T value, CommitResult commit) {}

  /**
   * Makes the change as one compare-and-swap commit on the current registry head. It may run again
   * after a rejected push, on the remote's newer head, so it must decide everything from the
   * snapshot it commits on.
   *
   * @param <T> what the change returns
   */
  @FunctionalInterface
  public interface Change<T> {
    /** Commits the change locally. */
    Attempt<T> commit() throws MlopsException;
  }

  /**
   * Creates the tags of what was committed, after the branch is safely shared.
   *
   * @param <T> what the change returned
   */
  @FunctionalInterface
  public interface Tagger<T> {
    /** Creates (or restores) the tags for {@code value}; returns the names to push. */
    List<String> tag(T value) throws MlopsException;
  }

  /**
   * A loop over {@code registry} that shares through {@code remote}, or works locally only when
   * {@code remote} is null.
   */
  public RegistryPush(RegistryRepository registry, String remote, Progress progress) {
    this(registry, remote, progress, DEFAULT_MAX_ATTEMPTS);
  }

  /** Like {@link #RegistryPush(RegistryRepository, String, Progress)} with another bound. */
  public RegistryPush(
      RegistryRepository registry, String remote, Progress progress, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    this.registry = registry;
    this.remote = remote;
    this.progress = progress;
    this.maxAttempts = maxAttempts;
  }

  /** Whether this loop shares through a remote. */
  public boolean shared() {
    return remote != null;
  }

  /**
   * Fetches the registry from the remote now, for a writer that reads it before committing (the
   * loop then does not fetch again before its first attempt). Does nothing without a remote.
   */
  public void fetch() throws MlopsException {
    if (remote != null) {
      registry.fetch(remote);
      fetched = true;
    }
  }

  /** Like {@link #run(Change, Tagger, String, String)} for a change that creates no tags. */
  public <T> T run(Change<T> change, String what, String again) throws MlopsException {
    return run(change, value -> List.of(), what, again);
  }

  /**
   * Runs {@code change}, then {@code tagger}. With a remote: fetches first, pushes the branch, and
   * on a rejected push drops the local commit, fetches, and runs the change again; once the branch
   * is accepted, pushes the tags.
   *
   * @param what the change for messages, e.g. "dataset pets"
   * @param again what a retry does, for the log, e.g. "registering dataset pets again"
   * @throws MlopsException when the remote moved before every one of the attempts, or Git fails
   */
  public <T> T run(Change<T> change, Tagger<T> tagger, String what, String again)
      throws MlopsException {
    if (remote == null) {
      T value = change.commit().value();
      tagger.tag(value);
      return value;
    }
    if (!fetched) {
      fetch();
    }
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Attempt<T> done = change.commit();
      try {
        registry.push(remote, List.of());
      } catch (RegistryPushRejectedException e) {
        progress.info("Remote '" + remote + "' has new registry commits; " + again);
        if (done.commit().committed()) {
          registry.dropLocalCommit(done.commit().head());
        }
        registry.fetch(remote);
        RegistryCommitter.backoff(attempt);
        continue;
      }
      registry.pushTags(remote, tagger.tag(done.value()));
      return done.value();
    }
    throw new MlopsException(
        "could not push "
            + what
            + " to remote '"
            + remote
            + "' after "
            + maxAttempts
            + " attempts: each time, someone else pushed registry commits between our fetch and"
            + " our push. Nothing of this run was pushed and the local registry branch equals the"
            + " remote's again; run the command again (if it keeps failing, look for a job that"
            + " pushes to "
            + RegistryRepository.BRANCH
            + " in a loop)");
  }
}
