package dev.mlops.core.data.validate;

import java.util.Objects;

/**
 * Two images whose perceptual hashes are close, found outside the validator (for example by a join
 * on a cluster) and handed to {@link DataValidator#validateInspected}: the near-duplicates check
 * then builds its findings from these pairs instead of searching itself.
 *
 * @param first the path of one image, relative to the data directory
 * @param second the path of the other image; the order of the two does not matter
 */
public record NearDuplicatePair(String first, String second) {
  /** Checks that both paths are present. */
  public NearDuplicatePair {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }
}
