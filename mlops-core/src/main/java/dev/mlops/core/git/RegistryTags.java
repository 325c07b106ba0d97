package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Annotated version tags. A tag is created by compare-and-swap against "no such ref", so of two
 * racing creators exactly one writes it and the other finds it taken and compares targets.
 */
final class RegistryTags {
  private static final int MAX_ATTEMPTS = 20;

  private final RegistryRepository registry;
  private final Repository repo;

  RegistryTags(RegistryRepository registry) {
    this.registry = registry;
    this.repo = registry.repository();
  }

  void create(String tagName, String targetCommitId, String message) throws MlopsException {
    String ref = refName(tagName);
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit target = parseTarget(walk, targetCommitId);
      ObjectId tag = null;
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        Optional<String> existing = target(tagName);
        if (existing.isPresent()) {
          requireSameTarget(tagName, existing.get(), target);
          return;
        }
        if (tag == null) {
          tag = insertTag(tagName, target, message);
        }
        RefUpdate update = repo.updateRef(ref);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setNewObjectId(tag);
        update.setRefLogIdent(registry.ident());
        update.setRefLogMessage("mlops: tag " + tagName, false);
        RefUpdate.Result result = update.update(walk);
        if (result == RefUpdate.Result.NEW) {
          return;
        }
        if (result != RefUpdate.Result.LOCK_FAILURE && result != RefUpdate.Result.REJECTED) {
          throw new MlopsException(
              "cannot create tag " + tagName + " in " + gitDir() + ": " + result);
        }
        // Taken or being written by another creator: look again at what it points to.
        RegistryCommitter.backoff(attempt);
      }
    } catch (IOException e) {
      throw new MlopsException("cannot create tag " + tagName + " in " + gitDir(), e);
    }
    throw new MlopsException(
        "could not create tag "
            + tagName
            + " in "
            + gitDir()
            + ": its ref stays locked; if no git or mlops process is running, delete "
            + ref
            + ".lock in the Git directory");
  }

  Optional<String> target(String tagName) throws MlopsException {
    try {
      Ref ref = repo.exactRef(refName(tagName));
      if (ref == null) {
        return Optional.empty();
      }
      Ref peeled = repo.getRefDatabase().peel(ref);
      ObjectId id =
          peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
      return Optional.of(id.name());
    } catch (IOException e) {
      throw new MlopsException("cannot read tag " + tagName + " in " + gitDir(), e);
    }
  }

  List<String> list(String prefix) throws MlopsException {
    try {
      List<String> names = new ArrayList<>();
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS + prefix)) {
        names.add(ref.getName().substring(Constants.R_TAGS.length()));
      }
      Collections.sort(names);
      return List.copyOf(names);
    } catch (IOException e) {
      throw new MlopsException("cannot list tags " + prefix + "* in " + gitDir(), e);
    }
  }

  private RevCommit parseTarget(RevWalk walk, String targetCommitId) throws MlopsException {
    try {
      return walk.parseCommit(ObjectId.fromString(targetCommitId));
    } catch (IllegalArgumentException | IOException e) {
      String why = e instanceof MissingObjectException ? "is not in " : "is not a commit of ";
      throw new MlopsException(targetCommitId + " " + why + gitDir(), e);
    }
  }

  private ObjectId insertTag(String tagName, RevCommit target, String message) throws IOException {
    TagBuilder tag = new TagBuilder();
    tag.setTag(tagName);
    tag.setObjectId(target);
    tag.setTagger(registry.ident());
    tag.setMessage(message.endsWith("\n") ? message : message + "\n");
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId id = inserter.insert(tag);
      inserter.flush();
      return id;
    }
  }

  private void requireSameTarget(String tagName, String existing, RevCommit target)
      throws MlopsException {
    if (!existing.equals(target.name())) {
      throw new MlopsException(
          "tag "
              + tagName
              + " already points to "
              + existing
              + ", not "
              + target.name()
              + "; the registry and the tags of "
              + gitDir()
              + " disagree: check `git show "
              + tagName
              + "`, and delete the wrong tag with `git tag -d "
              + tagName
              + "` if it is stale");
    }
  }

  private static String refName(String tagName) {
    String ref = Constants.R_TAGS + tagName;
    if (tagName == null || tagName.isEmpty() || !Repository.isValidRefName(ref)) {
      throw new IllegalArgumentException("not a valid tag name: '" + tagName + "'");
    }
    return ref;
  }

  private String gitDir() {
    return repo.getDirectory().toString();
  }
}
