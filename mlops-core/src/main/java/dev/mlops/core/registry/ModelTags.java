package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;

/** The annotated tag {@code model/<name>/v<N>} of a version, on its source commit. */
final class ModelTags {
  private final RegistryRepository registry;
  private final Progress progress;

  ModelTags(RegistryRepository registry, Progress progress) {
    this.registry = registry;
    this.progress = progress;
  }

  /**
   * Tags the version on its source commit unless the tag exists; a build killed between commit and
   * tag leaves it missing, so registering the same model again restores it.
   */
  void ensure(ModelVersionCard card) throws MlopsException {
    if (registry.tagTarget(card.tagName()).isPresent()) {
      return;
    }
    if (!registry.hasCommit(card.sourceCommit())) {
      progress.warn(
          "Cannot tag model "
              + card.name()
              + " "
              + card.versionName()
              + ": its source commit is not in this clone; fetch it to restore the tag");
      return;
    }
    // Fails when a stale tag of that name points elsewhere, rather than leaving it wrong.
    registry.createTag(card.tagName(), card.sourceCommit(), message(card));
  }

  private static String message(ModelVersionCard card) {
    return card.commitMessage()
        + "\n\narchitecture "
        + card.architecture()
        + "\nartifacts "
        + card.artifacts().stream().map(a -> a.name() + " " + a.sha256()).toList()
        + "\n";
  }
}
