package dev.mlops.core.registry;

import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.registry.ModelVersionCard.Artifact;
import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.MissingObjectException;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks the stored artifacts of a model version against the hashes its card records: every one of
 * them (parameters, graph, labels, ONNX files, anything else registered), so that no alias moves to
 * and no server swaps in a version one of whose files cannot be restored.
 */
final class ArtifactCheck {
  private final ObjectStore store;

  ArtifactCheck(ObjectStore store) {
    this.store = store;
  }

  /**
   * Hash-checks every artifact of {@code card} in the store without copying it.
   *
   * @param failure what cannot be done when a check fails, e.g. {@code cannot load model m v2}
   * @param consequence what that means, e.g. {@code alias production stays at v1}; may be empty
   * @throws ModelArtifactException for the first artifact that is missing, corrupt or unreadable
   */
  void verify(ModelVersionCard card, String failure, String consequence)
      throws ModelArtifactException {
    for (Artifact artifact : card.artifacts()) {
      try {
        store.verify(artifact.sha256());
      } catch (StoreException e) {
        throw failed(card, artifact, e, failure, consequence);
      }
    }
  }

  /**
   * Restores every artifact of {@code card} to {@code cacheDir/<name>/v<N>/}, checking each hash
   * while copying; returns that directory.
   *
   * @throws ModelArtifactException for the first artifact that is missing, corrupt or unreadable
   */
  Path restore(ModelVersionCard card, Path cacheDir) throws ModelArtifactException {
    Path dir = cacheDir.resolve(card.name()).resolve(card.versionName());
    for (Artifact artifact : card.artifacts()) {
      try {
        store.restore(artifact.sha256(), dir.resolve(artifact.name()));
      } catch (StoreException e) {
        throw failed(
            card, artifact, e, "cannot load model " + card.name() + " " + card.versionName(), "");
      }
    }
    return dir;
  }

  /**
   * Puts back every artifact of {@code card} whose object is missing or corrupt in the store, from
   * the file of that name in {@code files} when it has the recorded bytes: registering a known
   * model again is how its damaged objects are repaired.
   */
  void repair(ModelVersionCard card, Map<String, Path> files, Progress progress)
      throws StoreException {
    for (Artifact artifact : card.artifacts()) {
      Path file = files.get(artifact.name());
      if (file != null && store.repair(file, artifact.sha256())) {
        progress.warn(
            "Put back the missing or corrupt object "
                + artifact.sha256()
                + " ("
                + artifact.name()
                + " of "
                + card.name()
                + " "
                + card.versionName()
                + ") in the store "
                + store.root()
                + " from "
                + file);
      }
    }
  }

  private ModelArtifactException failed(
      ModelVersionCard card,
      Artifact artifact,
      StoreException e,
      String failure,
      String consequence) {
    String problem;
    if (e instanceof CorruptObjectException c) {
      problem =
          "is corrupt in the store "
              + store.root()
              + " (its bytes hash to "
              + c.actual()
              + ": "
              + store.objectPath(artifact.sha256())
              + ")";
    } else if (e instanceof MissingObjectException) {
      problem = "is missing from the store " + store.root();
    } else {
      problem = "cannot be read from the store " + store.root() + " (" + e.getMessage() + ")";
    }
    return new ModelArtifactException(
        failure
            + ": its artifact "
            + artifact.name()
            + " (sha256 "
            + artifact.sha256()
            + ") "
            + problem
            + (consequence.isEmpty() ? "" : "; " + consequence)
            + ". Restore that object from a backup of the store, copy it from the store that"
            + " registered "
            + card.versionName()
            + " (or point store at that store), or register the model directory of "
            + card.versionName()
            + " again, which puts back damaged objects from its files; then try again",
        card.name(),
        card.version(),
        artifact.name(),
        artifact.sha256(),
        Remedy.setting("store"),
        e);
  }
}
