package dev.mlops.core.data.validate;

import java.util.Comparator;
import java.util.List;

/** Images narrower than {@code minWidth} or lower than {@code minHeight}: one warning for all. */
final class MinSizeCheck implements Check {
  static final String ID = "min-size";

  private final int minWidth;
  private final int minHeight;

  MinSizeCheck(int minWidth, int minHeight) {
    this.minWidth = minWidth;
    this.minHeight = minHeight;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    // Width 0 means the header was unreadable; the decodable check reports those.
    List<ImageInfo> small =
        context.images().stream()
            .filter(i -> i.width() > 0 && (i.width() < minWidth || i.height() < minHeight))
            .toList();
    if (small.isEmpty()) {
      return List.of();
    }
    ImageInfo smallest = small.stream().min(Comparator.comparingLong(ImageInfo::pixels)).get();
    String message =
        String.format(
            "%d images are smaller than minWidth x minHeight %dx%d (smallest: %s, %dx%d);"
                + " replace them with larger ones, or lower minWidth/minHeight",
            small.size(),
            minWidth,
            minHeight,
            smallest.path(),
            smallest.width(),
            smallest.height());
    return List.of(Finding.warning(ID, message, small.stream().map(ImageInfo::path).toList()));
  }
}
