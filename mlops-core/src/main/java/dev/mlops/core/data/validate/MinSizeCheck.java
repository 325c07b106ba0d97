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
    // Undecodable files are the decodable check's business.
    List<ImageInfo> small =
        context.images().stream()
            .filter(i -> i.decodeError() == null)
            .filter(i -> i.width() < minWidth || i.height() < minHeight)
            .toList();
    if (small.isEmpty()) {
      return List.of();
    }
    ImageInfo smallest = small.stream().min(Comparator.comparingLong(ImageInfo::pixels)).get();
    String message =
        String.format(
            "%s smaller than minWidth x minHeight %dx%d (smallest: %s, %dx%d);"
                + " replace with larger images, or lower minWidth/minHeight",
            Texts.count(small.size(), "image") + (small.size() == 1 ? " is" : " are"),
            minWidth,
            minHeight,
            Texts.name(smallest.path()),
            smallest.width(),
            smallest.height());
    return List.of(Finding.warning(ID, message, small.stream().map(ImageInfo::path).toList()));
  }
}
