package dev.mlops.core.data.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link DatasetVersions#version}.
 *
 * @param card the card of the new version, or of the existing version with the same content
 * @param created whether a new version was registered (false: the content equals {@code card})
 * @param pushed whether the registry branch and tags were pushed
 */
public record VersionResult(DatasetCard card, boolean created, boolean pushed) {
  /** Lines for the build log: what was registered (or matched) and whether it was pushed. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    if (created) {
      lines.add(
          String.format(
              Locale.ROOT,
              "Created dataset %s %s (parent: %s): %d files, %.1f MB, manifest %s, tag %s",
              card.name(),
              card.versionName(),
              card.parent() == null ? "none" : card.parent(),
              card.files(),
              card.bytes() / 1e6,
              shortId(card.manifestId()),
              card.tagName()));
    } else {
      lines.add(
          "Dataset "
              + card.name()
              + " unchanged: equals "
              + card.versionName()
              + " (manifest "
              + shortId(card.manifestId())
              + ")");
    }
    if (pushed) {
      lines.add("Pushed the registry branch and the tags of dataset " + card.name());
    }
    return lines;
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
