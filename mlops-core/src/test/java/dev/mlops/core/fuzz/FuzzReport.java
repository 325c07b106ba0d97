package dev.mlops.core.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The score of a fuzz run.
 *
 * @param files files pushed through every target
 * @param crashes exceptions that escaped, reports that did not name the file, oversized headers
 *     decoded anyway
 * @param hangs target calls past the timeout
 * @param maxMillisPerFile the slowest file, all targets together
 * @param slowestFile its name and mutations
 * @param reportedBy per target, how many files it reported
 * @param badFiles the files at least one target reported: per file a line of tab-separated fields,
 *     its name, its mutations, then {@code target: message} for each target that reported it
 * @param peakOldBytes the peak of the heap pools beyond eden (large pixel arrays go there first)
 * @param maxLiveBytes the largest heap use after a collection seen after a file (live data)
 * @param maxHeapBytes the heap limit (-Xmx)
 */
public record FuzzReport(
    int files,
    List<Problem> crashes,
    List<Problem> hangs,
    double maxMillisPerFile,
    String slowestFile,
    Map<String, Integer> reportedBy,
    List<String> badFiles,
    long peakOldBytes,
    long maxLiveBytes,
    long maxHeapBytes) {

  private static final double MIB = 1 << 20;

  /**
   * One failure.
   *
   * @param target the target that failed
   * @param file the file's name
   * @param mutations how the file was made
   * @param detail what went wrong
   */
  public record Problem(String target, String file, String mutations, String detail) {}

  /** A few lines for a log. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d files: %d crashes, %d hangs, slowest file %.0f ms (%s), reported per target %s,"
            + " %d files reported bad; heap: peak beyond eden %.0f MiB, max live after a"
            + " collection %.0f MiB, limit %.0f MiB",
        files,
        crashes.size(),
        hangs.size(),
        maxMillisPerFile,
        slowestFile,
        reportedBy,
        badFiles.size(),
        peakOldBytes / MIB,
        maxLiveBytes / MIB,
        maxHeapBytes / MIB);
  }
}
