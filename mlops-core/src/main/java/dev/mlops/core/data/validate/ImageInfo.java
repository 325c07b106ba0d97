package dev.mlops.core.data.validate;

import dev.mlops.core.data.ManifestEntry;
import java.util.Objects;

/**
 * What {@link ImageInspector} learned about one file, reading it once.
 *
 * @param entry the manifest entry of the file
 * @param format the format name of the decoder that recognised the content (for example {@code
 *     "png"}), or {@code null} when no decoder did
 * @param width the width from the image header, 0 when unknown
 * @param height the height from the image header, 0 when unknown
 * @param channels colour channels of the decoded image (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), 0
 *     when not decoded
 * @param perceptualHash the 64-bit difference hash of the decoded image, valid when {@code hashed}
 * @param hashed whether {@code perceptualHash} was computed
 * @param decodeError why the file is not a usable image, {@code null} when it is (or was not
 *     decoded because it is oversized)
 * @param oversized whether width times height exceeds the configured maximum, so the image was not
 *     decoded
 */
public record ImageInfo(
    ManifestEntry entry,
    String format,
    int width,
    int height,
    int channels,
    long perceptualHash,
    boolean hashed,
    String decodeError,
    boolean oversized) {
  /** Checks that the entry is present. */
  public ImageInfo {
    Objects.requireNonNull(entry, "entry");
  }

  /** The file's path relative to the data directory. */
  public String path() {
    return entry.path();
  }

  /** Width times height from the header, without overflow. */
  public long pixels() {
    return (long) width * height;
  }

  /** Whether the image was decoded without any error or warning. */
  public boolean decoded() {
    return decodeError == null && !oversized;
  }
}
