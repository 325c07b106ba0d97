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
 * @param badFiles the files at least one target reported, by name
 * @param peakOldBytes the peak of the heap pools beyond eden (large pixel arrays go there first)
 * @param maxUsedBytes the largest heap use seen after a file
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
    long maxUsedBytes,
    long maxHeapBytes) {

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
            + " %d files reported bad; heap: peak beyond eden %.0f MB, max used after a file"
            + " %.0f MB, limit %.0f MB",
        files,
        crashes.size(),
        hangs.size(),
        maxMillisPerFile,
        slowestFile,
        reportedBy,
        badFiles.size(),
        peakOldBytes / 1e6,
        maxUsedBytes / 1e6,
        maxHeapBytes / 1e6);
  }
}
