package dev.mlops.core.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link ModelRegistry#register}.
 *
 * @param card the card of the new version, or of the version with the same fingerprint
 * @param created whether a new version was registered (false: the fingerprint was registered)
 * @param pushed whether the registry branch and tags were pushed
 */
public record RegisterResult(ModelVersionCard card, boolean created, boolean pushed) {
  /** Lines for the build log: what was registered (or matched) and whether it was pushed. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    String fingerprint = card.fingerprint().substring(0, Math.min(12, card.fingerprint().length()));
    if (created) {
      lines.add(
          "Registered model "
              + card.name()
              + " "
              + card.versionName()
              + " (dataset "
              + card.dataset().name()
              + " v"
              + card.dataset().version()
              + ", fingerprint "
              + fingerprint
              + ", "
              + card.artifacts().size()
              + " artifacts), tag "
              + card.tagName());
    } else {
      lines.add(
          "Model "
              + card.name()
              + " unchanged: fingerprint "
              + fingerprint
              + " is already registered as "
              + card.versionName());
    }
    if (pushed) {
      lines.add("Pushed the registry branch and the tags of model " + card.name());
    }
    return lines;
  }
}
