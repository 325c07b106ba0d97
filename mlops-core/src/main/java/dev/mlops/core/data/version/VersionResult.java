package dev.mlops.core.data.version;

/**
 * The outcome of {@link DatasetVersions#version}.
 *
 * @param card the card of the new version, or of the existing version with the same content
 * @param created whether a new version was registered (false: the content equals {@code card})
 * @param pushed whether the registry branch and tags were pushed
 */
public record VersionResult(DatasetCard card, boolean created, boolean pushed) {
  /** One line for the build log. */
  public String summary() {
    String where = pushed ? " (pushed)" : "";
    if (!created) {
      return "Dataset "
          + card.name()
          + " unchanged, equals "
          + card.versionName()
          + " (manifest "
          + shortId(card.manifestId())
          + ")"
          + where;
    }
    return "Dataset "
        + card.name()
        + " "
        + card.versionName()
        + " registered: "
        + card.files()
        + " files, manifest "
        + shortId(card.manifestId())
        + (card.parent() == null ? "" : ", parent " + card.parent())
        + ", tag "
        + card.tagName()
        + where;
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
