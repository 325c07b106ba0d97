/**
 * Dataset versions: the files go to the content-addressed store, the manifest and a card go to the
 * Git registry branch under {@code datasets/<name>/v<N>/}, and an annotated tag {@code
 * dataset/<name>/v<N>} marks the source commit. Entry point: {@link
 * dev.mlops.core.data.version.DatasetVersions}.
 */
package dev.mlops.core.data.version;
