package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mixed channel layouts (gray, RGB, RGBA) among the decoded images: one warning with the count of
 * each layout and the files of the minority layouts, which are often scans or screenshots that do
 * not belong.
 */
final class ChannelsCheck implements Check {
  static final String ID = "channels";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    Map<String, List<String>> byLayout = new TreeMap<>();
    for (ImageInfo image : context.images()) {
      if (image.channels() > 0) {
        byLayout
            .computeIfAbsent(layout(image.channels()), k -> new ArrayList<>())
            .add(image.path());
      }
    }
    if (byLayout.size() < 2) {
      return List.of();
    }
    List<Map.Entry<String, List<String>>> layouts = new ArrayList<>(byLayout.entrySet());
    layouts.sort(
        Comparator.comparing((Map.Entry<String, List<String>> e) -> -e.getValue().size())
            .thenComparing(Map.Entry::getKey));
    return List.of(finding(layouts));
  }

  /** One warning for {@code layouts}, the most common first. */
  private static Finding finding(List<Map.Entry<String, List<String>>> layouts) {
    List<String> counts = new ArrayList<>();
    List<String> minority = new ArrayList<>();
    for (int i = 0; i < layouts.size(); i++) {
      counts.add(layouts.get(i).getKey() + " " + layouts.get(i).getValue().size());
      if (i > 0) {
        minority.addAll(layouts.get(i).getValue());
      }
    }
    String message =
        "mixed channel layouts: "
            + String.join(", ", counts)
            + " (not "
            + layouts.get(0).getKey()
            + ": "
            + Texts.list(minority, 3)
            + "); check that these images belong in the dataset, or convert them to "
            + layouts.get(0).getKey();
    return Finding.warning(ID, message, minority);
  }

  private static String layout(int channels) {
    return switch (channels) {
      case 1 -> "gray";
      case 2 -> "gray+alpha";
      case 3 -> "RGB";
      case 4 -> "RGBA";
      default -> channels + " channels";
    };
  }
}
