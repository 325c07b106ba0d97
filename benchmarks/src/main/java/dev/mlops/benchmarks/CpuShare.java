package dev.mlops.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes used while a measurement ran, from Linux's {@code /proc}: the whole
 * machine's busy time minus this JVM's and its waited-for children's (the Python reference runs as
 * a child). The load average cannot say this on a small machine: a benchmark that keeps both cores
 * busy raises it to 2 by itself, so "load 2.4" would read as a busy machine when nothing else ran.
 */
final class CpuShare {
  private final long busyTicks;
  private final long ownTicks;
  private final long totalTicks;

  private CpuShare(long[] machine, long own) {
    this.busyTicks = machine[0];
    this.totalTicks = machine[1];
    this.ownTicks = own;
  }

  /** The counters now; {@code null} where {@code /proc} cannot be read (not Linux). */
  static CpuShare now() {
    try {
      return new CpuShare(machine(), own());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The fraction of all cores' time since {@code start} that other processes kept busy (0 on a
   * quiet machine, 1 when they used every core), or NaN when unknown.
   */
  static double othersSince(CpuShare start) {
    return othersSince(start, 0);
  }

  /**
   * As {@link #othersSince(CpuShare)}, also leaving out {@code childTicks} that a child process
   * still running (a server under test) used since {@code start}: a running child's time is not yet
   * in this process's counters.
   */
  static double othersSince(CpuShare start, long childTicks) {
    CpuShare end = now();
    if (start == null || end == null || end.totalTicks <= start.totalTicks) {
      return Double.NaN;
    }
    long others = (end.busyTicks - start.busyTicks) - (end.ownTicks - start.ownTicks) - childTicks;
    return Math.max(0, (double) others / (end.totalTicks - start.totalTicks));
  }

  /** Busy and total ticks of all CPUs: the first line of {@code /proc/stat}. */
  private static long[] machine() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal ...
    long busy = 0;
    long total = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      long v = Long.parseLong(f[i]);
      total += v;
      if (i != 4 && i != 5) {
        busy += v;
      }
    }
    return new long[] {busy, total};
  }

  /** utime + stime + cutime + cstime of this process, in the same ticks as {@code /proc/stat}. */
  private static long own() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // After ')' the fields start at field 3 (state): utime is field 14, so index 11.
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }
}
