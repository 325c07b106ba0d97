package dev.mlops.core.features;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image to compute features of: its content hash (the key) and a file holding its bytes.
 *
 * @param sha256 the SHA-256 of the file's bytes, 64 lower-case hex digits
 * @param file where the bytes are
 * @param name how to name the image in messages (its path in the dataset)
 */
public record ImageRef(String sha256, Path file, String name) {
  /** Checks the fields. */
  public ImageRef {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The images of a dataset version whose files are in {@code dataDirectory}, in manifest order.
   */
  public static List<ImageRef> of(Path dataDirectory, Manifest manifest) {
    return manifest.entries().stream().map(e -> of(dataDirectory, e)).toList();
  }

  private static ImageRef of(Path dataDirectory, ManifestEntry e) {
    return new ImageRef(e.sha256(), dataDirectory.resolve(e.path()), e.path());
  }
}
