package dev.mlops.core.features;

import java.util.List;
import java.util.Locale;

/**
 * What a materialization did.
 *
 * @param view the view
 * @param computed images whose values were computed and stored now
 * @param reused images whose values were stored already (by an earlier run or another process)
 * @param failed images that could not be read, with the reason
 * @param seconds wall time
 */
public record MaterializeResult(
    FeatureView view, int computed, int reused, List<String> failed, double seconds) {
  /** Copies the list. */
  public MaterializeResult {
    failed = List.copyOf(failed);
  }

  /** The summary line: {@code features image-stats: 12 computed, 288 reused, 0 failed in 0.4 s}. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "features %s: %d computed, %d reused, %d failed in %.1f s",
        view.name(),
        computed,
        reused,
        failed.size(),
        seconds);
  }
}
