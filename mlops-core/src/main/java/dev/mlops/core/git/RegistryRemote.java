package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;

/** Fetch of the registry branch and the version tags (push: {@link RemotePush}). */
final class RegistryRemote {
  private static final List<String> TAG_NAMESPACES = List.of("dataset/", "model/");
  private static final int MAX_ATTEMPTS = 20;

  /**
   * Seconds a remote may stay silent before a fetch or push gives up. Without it a remote that
   * accepts the connection and never answers would hang the build, and a server's reload poll
   * (which holds its reload lock while it fetches) forever. JGit applies it to HTTP(S) and SSH
   * remotes (tested with a silent HTTP server); a remote on a local path is read in-process and
   * cannot stall that way. Not to {@code git://}: there JGit interrupts a blocking socket read,
   * which Java 17's socket implementation ignores.
   */
  static final int TRANSPORT_TIMEOUT_SECONDS = 60;

  /** The start of JGit's "Cannot lock pack in {0}" message, in JGit's current language. */
  private static final String PACK_LOCK_MESSAGE = prefix(JGitText.get().cannotLockPackIn);

  /** The start of JGit's "Could not delete file {0}", said of the other fetch's pack lock. */
  private static final String DELETE_FAILED_MESSAGE = prefix(JGitText.get().deleteFileFailed);

  private final RegistryRepository registry;
  private final Repository repo;
  private final int timeoutSeconds;
  private final Runnable afterListing;

  RegistryRemote(RegistryRepository registry) {
    this(registry, TRANSPORT_TIMEOUT_SECONDS);
  }

  /** With another silence limit than {@link #TRANSPORT_TIMEOUT_SECONDS}, for tests. */
  RegistryRemote(RegistryRepository registry, int timeoutSeconds) {
    this(registry, timeoutSeconds, () -> {});
  }

  /**
   * With {@code afterListing} run between listing the remote's refs and fetching them, so a test
   * can move the remote inside that window.
   */
  RegistryRemote(RegistryRepository registry, int timeoutSeconds, Runnable afterListing) {
    this.registry = registry;
    this.repo = registry.repository();
    this.timeoutSeconds = timeoutSeconds;
    this.afterListing = afterListing;
  }

  void fetch(String remote) throws MlopsException {
    registry.requireRegistryNotCheckedOut();
    for (int attempt = 1; ; attempt++) {
      try {
        if (fetchOnce(remote) || attempt >= MAX_ATTEMPTS) {
          return;
        }
      } catch (GitAPIException e) {
        if (!isPackLockRace(e) || attempt >= MAX_ATTEMPTS) {
          throw new MlopsException(
              "cannot fetch the registry from remote '"
                  + remote
                  + "': "
                  + e.getMessage()
                  + "; check `git remote -v` in "
                  + registry.directory()
                  + " and your access to that remote",
              e);
        }
        RegistryCommitter.backoff(attempt);
      }
    }
  }

  /**
   * One fetch of the tags and, when the remote has it, the registry branch, and the local branch
   * fast-forwarded to it. False when the branch appeared on the remote between the listing and the
   * fetch (another writer's first push): its commits were not asked for, so the caller fetches
   * again, and the local branch stays as it was.
   */
  private boolean fetchOnce(String remote) throws GitAPIException, MlopsException {
    Git git = Git.wrap(repo);
    List<RefSpec> specs = new ArrayList<>();
    for (String namespace : TAG_NAMESPACES) {
      String tags = Constants.R_TAGS + namespace + "*";
      specs.add(new RefSpec(tags + ":" + tags));
    }
    Map<String, Ref> advertised =
        git.lsRemote().setRemote(remote).setTimeout(timeoutSeconds).callAsMap();
    afterListing.run();
    boolean branchAsked = advertised.containsKey(RegistryRepository.BRANCH_REF);
    if (branchAsked) {
      specs.add(branchSpec(remote));
    }
    FetchResult result =
        git.fetch()
            .setRemote(remote)
            .setTimeout(timeoutSeconds)
            .setRefSpecs(specs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setRemoveDeletedRefs(false)
            .call();
    Ref remoteBranch = result.getAdvertisedRef(RegistryRepository.BRANCH_REF);
    requireNoTagConflicts(remote, result);
    if (remoteBranch == null) {
      return true;
    }
    if (!branchAsked) {
      return false;
    }
    fastForward(remote, remoteBranch.getObjectId());
    return true;
  }

  /**
   * Whether a fetch failed because another fetch in the same repository was writing the very same
   * pack: both receive the same objects, so their packs get the same name and the second cannot
   * take the first one's lock, or finds that lock ({@code pack-*.keep}) gone when it deletes it.
   * The objects are then there (or about to be), so fetching again is the fix. JGit reports this
   * only as a message ({@code JGitText.cannotLockPackIn}, {@code deleteFileFailed}), so the message
   * is matched against JGit's own text.
   */
  static boolean isPackLockRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && (message.startsWith(PACK_LOCK_MESSAGE)
              || message.startsWith(DELETE_FAILED_MESSAGE) && message.endsWith(".keep"))) {
        return true;
      }
    }
    return false;
  }

  private static String prefix(String jgitText) {
    return jgitText.substring(0, jgitText.indexOf('{'));
  }

  private RefSpec branchSpec(String remote) {
    String branch = RegistryRepository.BRANCH_REF;
    if (repo.getRemoteNames().contains(remote)) {
      // A configured remote gets a tracking ref, so `git log origin/mlops-registry` works.
      String tracking = Constants.R_REMOTES + remote + "/" + RegistryRepository.BRANCH;
      return new RefSpec("+" + branch + ":" + tracking);
    }
    return new RefSpec(branch);
  }

  private void fastForward(String remote, ObjectId remoteHead) throws MlopsException {
    RefUpdate.Result last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      last = tryFastForward(remote, remoteHead);
      if (last == null) {
        return;
      }
      RegistryCommitter.backoff(attempt);
    }
    throw new MlopsException(
        "could not fast-forward "
            + RegistryRepository.BRANCH_REF
            + " in "
            + gitDir()
            + " to "
            + remoteHead.name()
            + " ("
            + last
            + " "
            + MAX_ATTEMPTS
            + " times): local writers keep moving it; retry");
  }

  /**
   * Null when the local branch now contains the remote head; else the result of the failed update
   * (a local writer raced, or the fetched pack is not visible yet).
   */
  private RefUpdate.Result tryFastForward(String remote, ObjectId remoteHead)
      throws MlopsException {
    ObjectId local = registry.branchHead();
    if (remoteHead.equals(local)) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      if (local != null) {
        RevCommit localCommit = walk.parseCommit(local);
        RevCommit remoteCommit = walk.parseCommit(remoteHead);
        if (walk.isMergedInto(remoteCommit, localCommit)) {
          return null; // local is ahead: the next push publishes it
        }
        if (!walk.isMergedInto(localCommit, remoteCommit)) {
          throw diverged(remote, localCommit, remoteCommit);
        }
      }
      RefUpdate update = repo.updateRef(RegistryRepository.BRANCH_REF);
      update.setExpectedOldObjectId(local == null ? ObjectId.zeroId() : local);
      update.setNewObjectId(remoteHead);
      update.setRefLogIdent(registry.ident());
      update.setRefLogMessage("mlops: fast-forward to " + remote, false);
      RefUpdate.Result result = update.update(walk);
      if (result == RefUpdate.Result.NEW || result == RefUpdate.Result.FAST_FORWARD) {
        return null;
      }
      if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.REJECTED) {
        return result;
      }
      if (result == RefUpdate.Result.REJECTED_MISSING_OBJECT) {
        // Another fetch in this clone wrote the pack holding the remote head a moment ago and
        // this Repository has not rescanned its pack directory yet (JGit rescans on a miss once
        // the directory's timestamp moved): the object is there, so try again after a backoff.
        return result;
      }
      throw new MlopsException(
          "cannot fast-forward "
              + RegistryRepository.BRANCH_REF
              + " in "
              + gitDir()
              + ": "
              + result);
    } catch (IOException e) {
      throw new MlopsException("cannot update the registry branch in " + gitDir(), e);
    }
  }

  private MlopsException diverged(String remote, RevCommit local, RevCommit remoteHead)
      throws IOException {
    List<String> unpushed = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(local));
      walk.markUninteresting(walk.parseCommit(remoteHead));
      for (RevCommit c : walk) {
        unpushed.add(c.getShortMessage());
      }
    }
    String target =
        repo.getRemoteNames().contains(remote)
            ? remote + "/" + RegistryRepository.BRANCH
            : remoteHead.name();
    return new MlopsException(
        "the local registry branch "
            + RegistryRepository.BRANCH
            + " ("
            + local.abbreviate(10).name()
            + ") and the one on remote '"
            + remote
            + "' ("
            + remoteHead.abbreviate(10).name()
            + ") have diverged: "
            + unpushed.size()
            + " local registry commit(s) were never pushed ("
            + String.join("; ", unpushed.subList(0, Math.min(5, unpushed.size())))
            + (unpushed.size() > 5 ? "; ..." : "")
            + ") while others registered on the remote. To keep the remote's registry and drop"
            + " the local versions, run `git branch -f "
            + RegistryRepository.BRANCH
            + " "
            + target
            + "` and register them again with push enabled");
  }

  private void requireNoTagConflicts(String remote, FetchResult result) throws MlopsException {
    List<String> conflicts = new ArrayList<>();
    for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
      if (!update.getLocalName().startsWith(Constants.R_TAGS)) {
        continue; // the remote-tracking branch is forced and only informative
      }
      boolean conflict =
          switch (update.getResult()) {
            case REJECTED -> !adoptedAlike(update.getLocalName(), update.getNewObjectId());
            case LOCK_FAILURE -> !takenAlike(update.getLocalName(), update.getNewObjectId());
            default -> false;
          };
      if (conflict) {
        conflicts.add(update.getLocalName().substring(Constants.R_TAGS.length()));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new MlopsException(
          "tags "
              + String.join(", ", conflicts)
              + " on remote '"
              + remote
              + "' point elsewhere than the local tags of the same name in "
              + registry.directory()
              + "; if the remote is right, delete the local ones (git tag -d NAME) and fetch again");
    }
  }

  /**
   * Whether the local tag {@code refName} and the remote's tag object {@code remoteTag} (fetched,
   * though the ref update was refused) name the same commit. Then they are one version tagged
   * twice: two writers that registered at once each recreated the other's tag not yet pushed (the
   * registration recreates an earlier version's missing tag from its card), with their own tagger
   * and time. The local tag then becomes the remote's, which was there first.
   */
  private boolean adoptedAlike(String refName, ObjectId remoteTag) throws MlopsException {
    try (RevWalk walk = new RevWalk(repo)) {
      Ref local = repo.exactRef(refName);
      if (local == null
          || !walk.peel(walk.parseAny(local.getObjectId()))
              .equals(walk.peel(walk.parseAny(remoteTag)))) {
        return false;
      }
      RefUpdate update = repo.updateRef(refName);
      update.setExpectedOldObjectId(local.getObjectId());
      update.setNewObjectId(remoteTag);
      update.setForceUpdate(true);
      update.setRefLogIdent(registry.ident());
      update.setRefLogMessage("mlops: the remote's tag of the same commit", false);
      RefUpdate.Result result = update.update(walk);
      return result == RefUpdate.Result.FORCED || result == RefUpdate.Result.NO_CHANGE;
    } catch (IOException e) {
      throw new MlopsException(
          "cannot compare " + refName + " with the remote's in " + gitDir(), e);
    }
  }

  /**
   * Whether a ref whose update hit a lock now holds {@code expected}: another writer of this
   * repository (a concurrent fetch or tag creation) took it with the same value, which is no
   * conflict. The lock may still be held for a moment, so the ref is read again a few times.
   */
  private boolean takenAlike(String refName, ObjectId expected) throws MlopsException {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Ref ref = repo.exactRef(refName);
        if (ref != null) {
          return expected.equals(ref.getObjectId());
        }
      } catch (IOException e) {
        throw new MlopsException("cannot read " + refName + " in " + gitDir(), e);
      }
      RegistryCommitter.backoff(attempt);
    }
    return false;
  }

  private String gitDir() {
    return repo.getDirectory().toString();
  }
}
