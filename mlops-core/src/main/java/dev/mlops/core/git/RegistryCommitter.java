package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes commits on the registry branch: tree and commit go through an {@link ObjectInserter} (the
 * working tree and the index are never touched), then the ref moves by compare-and-swap against the
 * head the change was computed from. A lost race re-runs the change on the new head.
 */
final class RegistryCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryCommitter.class);
  private static final int MAX_ATTEMPTS = 50;
  private static final String BRANCH_REF = RegistryRepository.BRANCH_REF;

  private final RegistryRepository registry;

  RegistryCommitter(RegistryRepository registry) {
    this.registry = registry;
  }

  CommitResult commit(RegistryEditor editor) throws MlopsException {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      CommitResult result = attempt(editor, attempt);
      if (result != null) {
        return result;
      }
      backoff(attempt);
    }
    throw new MlopsException(
        "could not update "
            + RegistryRepository.BRANCH_REF
            + " in "
            + gitDir()
            + " after "
            + MAX_ATTEMPTS
            + " attempts: other writers keep moving it, or a stale lock file "
            + RegistryRepository.BRANCH_REF
            + ".lock is left in the Git directory; if no git or mlops process is running, delete"
            + " that file and retry");
  }

  /** One try: the result, or null when another writer moved the branch first. */
  private CommitResult attempt(RegistryEditor editor, int attempt) throws MlopsException {
    try (TreeSnapshot snapshot = registry.snapshot()) {
      ObjectId old = snapshot.commit();
      RegistryEdit edit = editor.apply(snapshot);
      ObjectId commit =
          edit == null || edit.isEmpty() ? null : write(snapshot, edit.message(), edit.files());
      if (commit == null) {
        return new CommitResult(false, name(old), attempt);
      }
      RefUpdate.Result result = moveBranch(old, commit, edit.message());
      switch (result) {
        case NEW, FAST_FORWARD -> {
          return new CommitResult(true, commit.name(), attempt);
        }
        case LOCK_FAILURE, REJECTED -> {
          LOG.debug("lost the race for {} (attempt {}): {}", BRANCH_REF, attempt, result);
          return null;
        }
        default ->
            throw new MlopsException(
                "cannot update " + BRANCH_REF + " in " + gitDir() + ": " + result);
      }
    } catch (IOException e) {
      throw new MlopsException("cannot write to the registry branch in " + gitDir(), e);
    }
  }

  /** Moves the branch from {@code head} to its parent; deletes it when {@code head} is a root. */
  boolean dropHead(ObjectId head) throws MlopsException {
    try (RevWalk walk = new RevWalk(registry.repository())) {
      RevCommit commit = walk.parseCommit(head);
      RefUpdate update = registry.repository().updateRef(RegistryRepository.BRANCH_REF);
      update.setExpectedOldObjectId(head);
      update.setRefLogIdent(registry.ident());
      update.setRefLogMessage("mlops: drop unpushed " + head.name(), false);
      update.setForceUpdate(true);
      RefUpdate.Result result;
      if (commit.getParentCount() == 0) {
        result = update.delete(walk);
        return result == RefUpdate.Result.FORCED;
      }
      update.setNewObjectId(commit.getParent(0));
      result = update.update(walk);
      return result == RefUpdate.Result.FORCED || result == RefUpdate.Result.FAST_FORWARD;
    } catch (IOException e) {
      throw new MlopsException("cannot move the registry branch in " + gitDir(), e);
    }
  }

  private ObjectId write(TreeSnapshot snapshot, String message, Map<String, byte[]> files)
      throws IOException {
    try (ObjectInserter inserter = registry.repository().newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      if (snapshot.tree() != null) {
        builder.addTree(new byte[0], DirCacheEntry.STAGE_0, snapshot.reader(), snapshot.tree());
      }
      builder.finish();
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
        editor.add(
            new DirCacheEditor.PathEdit(RegistryPaths.file(file.getKey())) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
      }
      editor.finish();
      ObjectId tree = index.writeTree(inserter);
      if (snapshot.tree() != null && tree.equals(snapshot.tree())) {
        return null;
      }
      PersonIdent ident = registry.ident();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      if (snapshot.commit() != null) {
        commit.setParentId(snapshot.commit());
      }
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(message.endsWith("\n") ? message : message + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  private RefUpdate.Result moveBranch(ObjectId old, ObjectId commit, String message)
      throws IOException {
    RefUpdate update = registry.repository().updateRef(RegistryRepository.BRANCH_REF);
    update.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old);
    update.setNewObjectId(commit);
    update.setRefLogIdent(registry.ident());
    update.setRefLogMessage("mlops: " + message.lines().findFirst().orElse(""), false);
    try (RevWalk walk = new RevWalk(registry.repository())) {
      return update.update(walk);
    }
  }

  /** Randomised so that writers that collided do not collide again in lock-step. */
  static void backoff(int attempt) throws MlopsException {
    int bound = 2 + Math.min(attempt, 10) * 5;
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, bound));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while waiting to retry a registry update", e);
    }
  }

  private static String name(ObjectId id) {
    return id == null ? null : id.name();
  }

  private String gitDir() {
    return registry.repository().getDirectory().toString();
  }
}
