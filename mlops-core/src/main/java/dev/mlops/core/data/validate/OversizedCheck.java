package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * Images whose header claims more than {@code maxPixels} pixels: errors, never decoded, because a
 * small file can declare a gigapixel image (a decompression bomb) that would exhaust the heap.
 */
final class OversizedCheck implements Check {
  static final String ID = "oversized";

  private final long maxPixels;

  OversizedCheck(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    for (ImageInfo image : context.images()) {
      if (image.oversized()) {
        findings.add(
            Finding.error(
                ID,
                String.format(
                    "%s: %dx%d is %d pixels, more than maxPixels %d; not decoded (possibly a"
                        + " decompression bomb); downscale or remove it, or raise maxPixels",
                    Texts.name(image.path()),
                    image.width(),
                    image.height(),
                    image.pixels(),
                    maxPixels),
                List.of(image.path())));
      }
    }
    return findings;
  }
}
