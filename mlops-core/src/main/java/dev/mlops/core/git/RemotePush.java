package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** Push of the registry branch and the version tags, never forced. */
final class RemotePush {
  private static final int MAX_ATTEMPTS = 20;

  private final RegistryRepository registry;

  RemotePush(RegistryRepository registry) {
    this.registry = registry;
  }

  /**
   * The refs of one push the remote did not take: the moved branch, tags another pusher holds
   * locked, tags the remote has as another object, and the rest.
   */
  private record Refused(
      List<String> branch, List<String> lockedTags, List<String> takenTags, List<String> failed) {}

  /**
   * Pushes the branch (when {@code withBranch} and it exists) and {@code tagNames}. A tag the
   * remote could not lock (another pusher is writing the same tag right now) is pushed again.
   */
  void push(String remote, boolean withBranch, List<String> tagNames) throws MlopsException {
    List<RefSpec> specs = specs(withBranch, tagNames);
    if (specs.isEmpty()) {
      return;
    }
    boolean fetched = false;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Refused refused = refused(call(remote, specs));
      if (!refused.branch().isEmpty()) {
        throw new RegistryPushRejectedException(remote, refused.branch());
      }
      if (!refused.takenTags().isEmpty() && !fetched) {
        // The fetch makes a local tag the remote's when both name the same commit (two writers
        // that registered at once), and fails on tags that name another commit.
        fetched = true;
        try {
          registry.fetch(remote);
        } catch (MlopsException e) {
          throw new MlopsException(takenMessage(remote, refused) + "; " + e.getMessage(), e);
        }
        continue;
      }
      refused.failed().addAll(refused.takenTags());
      if (!refused.failed().isEmpty()) {
        throw new MlopsException(
            "remote '"
                + remote
                + "' refused "
                + String.join(", ", refused.failed())
                + "; fetch the registry to compare, and check your write access to that remote");
      }
      if (refused.lockedTags().isEmpty()) {
        return;
      }
      RegistryCommitter.backoff(attempt);
    }
    throw new MlopsException(
        "remote '"
            + remote
            + "' kept tags locked over "
            + MAX_ATTEMPTS
            + " pushes; the registry branch is pushed, so run the command again to push its tags");
  }

  private List<RefSpec> specs(boolean withBranch, List<String> tagNames) throws MlopsException {
    List<RefSpec> specs = new ArrayList<>();
    if (withBranch && registry.branchHead() != null) {
      String branch = RegistryRepository.BRANCH_REF;
      specs.add(new RefSpec(branch + ":" + branch));
    }
    for (String tag : tagNames) {
      if (registry.tagTarget(tag).isEmpty()) {
        throw new MlopsException("cannot push tag " + tag + ": it does not exist in " + gitDir());
      }
      specs.add(new RefSpec(Constants.R_TAGS + tag + ":" + Constants.R_TAGS + tag));
    }
    return specs;
  }

  private Iterable<PushResult> call(String remote, List<RefSpec> specs) throws MlopsException {
    try {
      return Git.wrap(registry.repository())
          .push()
          .setRemote(remote)
          .setTimeout(RegistryRemote.TRANSPORT_TIMEOUT_SECONDS)
          .setRefSpecs(specs)
          .setForce(false)
          .call();
    } catch (GitAPIException e) {
      throw new MlopsException(
          "cannot push the registry to remote '"
              + remote
              + "': "
              + e.getMessage()
              + "; check `git remote -v` in "
              + registry.directory()
              + " and your write access to that remote",
          e);
    }
  }

  private static Refused refused(Iterable<PushResult> results) {
    Refused refused =
        new Refused(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        String ref = update.getRemoteName();
        boolean branch = ref.equals(RegistryRepository.BRANCH_REF);
        switch (update.getStatus()) {
          case OK, UP_TO_DATE -> {}
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
            if (branch) {
              refused.branch().add(ref);
            } else {
              refused.takenTags().add(ref + " (exists on the remote with another target)");
            }
          }
          default -> {
            if (lockFailure(update)) {
              // Another pusher holds the remote ref: for the branch that is a moving remote
              // (fetch and redo); for a tag, the same push succeeds once the lock is gone.
              (branch ? refused.branch() : refused.lockedTags()).add(ref);
            } else {
              refused.failed().add(ref + " (" + update.getStatus() + message(update) + ")");
            }
          }
        }
      }
    }
    return refused;
  }

  /**
   * JGit's receive-pack says "failed to lock", C Git "cannot lock ref": both mean that another push
   * is updating that ref at this moment.
   */
  private static boolean lockFailure(RemoteRefUpdate update) {
    return update.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
        && update.getMessage() != null
        && update.getMessage().toLowerCase(Locale.ROOT).contains("lock");
  }

  private static String takenMessage(String remote, Refused refused) {
    return "remote '" + remote + "' refused " + String.join(", ", refused.takenTags());
  }

  private static String message(RemoteRefUpdate update) {
    return update.getMessage() == null ? "" : ": " + update.getMessage();
  }

  private String gitDir() {
    return registry.repository().getDirectory().toString();
  }
}
