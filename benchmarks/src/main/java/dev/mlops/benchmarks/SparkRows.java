package dev.mlops.benchmarks;

import dev.mlops.benchmarks.SparkBenchmark.Way;
import dev.mlops.benchmarks.SparkJobs.Job;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The section "Spark (mlops-spark)" of {@code docs/benchmarks.md}, from the measurements. */
final class SparkRows {
  /** Images of the paper estimate. */
  static final double TARGET_IMAGES = 1e8;

  /**
   * The JPEG the estimate assumes: ImageNet's typical photo, about 500 x 375 px ({@link
   * SparkImageCost#LARGE_WIDTH}) and 110 KB.
   */
  static final double TARGET_BYTES = 110_000;

  /** Cores per executor in the estimate; the driver is assumed to have as many. */
  static final int EXECUTOR_CORES = 4;

  /** Executor counts of the estimate. */
  static final int[] EXECUTORS = {10, 50, 200};

  private SparkRows() {}

  /** Seconds per job, way and round; session start-up per Spark way and round. */
  static final class Results {
    final int images;
    final long bytes;
    final int rounds;
    private final double[][][] seconds;
    private final double[][][] cpu;
    private double othersShare = Double.NaN;
    private final double[][] sessions;
    private double coldSession = Double.NaN;

    Results(int images, long bytes, int rounds) {
      this.images = images;
      this.bytes = bytes;
      this.rounds = rounds;
      this.seconds = new double[Job.values().length][Way.values().length][rounds];
      this.cpu = new double[Job.values().length][Way.values().length][rounds];
      this.sessions = new double[Way.values().length][rounds];
    }

    void add(Job job, Way way, int round, double s, double cpuSeconds) {
      seconds[job.ordinal()][way.ordinal()][round] = s;
      cpu[job.ordinal()][way.ordinal()][round] = cpuSeconds;
    }

    void othersShare(double share) {
      othersShare = share;
    }

    /** The share of the cores other processes used during the rounds, NaN when unknown. */
    double othersShare() {
      return othersShare;
    }

    /** Median CPU seconds of the JVM (every thread) for the job. */
    double cpu(Job job, Way way) {
      return SparkDriverCosts.median(cpu[job.ordinal()][way.ordinal()]);
    }

    /** Round -1 (the warm-up): only the JVM's first session counts, as the cold start. */
    void sessionStart(Way way, int round, double s) {
      if (round >= 0) {
        sessions[way.ordinal()][round] = s;
      } else if (Double.isNaN(coldSession)) {
        coldSession = s;
      }
    }

    double median(Job job, Way way) {
      return SparkDriverCosts.median(seconds[job.ordinal()][way.ordinal()]);
    }

    String range(Job job, Way way) {
      double[] s = seconds[job.ordinal()][way.ordinal()];
      return f("%.2f–%.2f", Arrays.stream(s).min().orElse(0), Arrays.stream(s).max().orElse(0));
    }

    double rate(Job job, Way way) {
      return images / median(job, way);
    }
  }

  static String seconds(List<Double> values) {
    return values.stream().map(v -> f("%.2f", v)).collect(Collectors.joining(", "));
  }

  static String section(Results r, SparkDriverCosts d, SparkImageCost c) {
    StringBuilder out = new StringBuilder(SparkText.intro(r));
    out.append(
        "| job | 1 thread s (img/s) | 2 threads s (img/s) | local[1] s (img/s) |"
            + " local[2] s (img/s) | overhead local[1] / 1 thread | scaling local[1] → local[2]"
            + " | 2 threads / 1 thread |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Job job : Job.values()) {
      out.append(f("| %s |", job.title));
      for (Way way : Way.values()) {
        out.append(f(" %.2f (%,.0f) |", r.median(job, way), r.rate(job, way)));
      }
      out.append(
          f(
              " %.2fx | %.2fx | %.2fx |%n",
              r.median(job, Way.LOCAL_1) / r.median(job, Way.ONE_THREAD),
              r.median(job, Way.LOCAL_1) / r.median(job, Way.LOCAL_2),
              r.median(job, Way.ONE_THREAD) / r.median(job, Way.TWO_THREADS)));
    }
    out.append(
        "\nCPU time of the JVM (every thread, Spark's included), median, in milliseconds per"
            + " image: what the work costs whatever else the machine runs.\n\n| job |");
    Arrays.stream(Way.values()).forEach(w -> out.append(' ').append(w.title).append(" |"));
    out.append(" Spark local[1] / single JVM 1 thread |\n|---|---:|---:|---:|---:|---:|\n");
    for (Job job : Job.values()) {
      out.append(f("| %s |", job.title));
      Arrays.stream(Way.values())
          .forEach(w -> out.append(f(" %.3f |", r.cpu(job, w) * 1e3 / r.images)));
      out.append(f(" %.2fx |%n", r.cpu(job, Way.LOCAL_1) / r.cpu(job, Way.ONE_THREAD)));
    }
    out.append("\nRange of the rounds (seconds, min–max):\n\n| job |");
    Arrays.stream(Way.values()).forEach(w -> out.append(' ').append(w.title).append(" |"));
    out.append("\n|---|---:|---:|---:|---:|\n");
    for (Job job : Job.values()) {
      out.append(f("| %s |", job.title));
      Arrays.stream(Way.values())
          .forEach(w -> out.append(' ').append(r.range(job, w)).append(" |"));
      out.append('\n');
    }
    out.append(SparkText.sessions(r.coldSession, r.sessions));
    out.append(SparkText.driver(r, d, c));
    out.append(estimate(r, d, c));
    out.append(SparkText.interpretation(r, estimates(r, d, c)));
    return out.toString();
  }

  /** One job's estimate: executor per-core rate, driver seconds per image, wall per N. */
  record Estimate(Job job, double perCore, double driverPerImage, double[] wall) {}

  /**
   * The estimate per job. The executors' per-core cost is local[2]'s CPU seconds per image (the
   * whole JVM's, so Spark's own threads count), without the driver-only seconds; moved to the
   * assumed images by the scan's cost line in bytes (scan) or by the extra decode of the larger
   * image (the others).
   */
  static List<Estimate> estimates(Results r, SparkDriverCosts d, SparkImageCost c) {
    double scanFactor = c.scanAt(TARGET_BYTES) / c.smallScan();
    double extraDecode = c.largeDecode() - c.smallDecode();
    // the executors' extra SHA-256 work per image at the assumed size (ValidateJob hashes there)
    double extraHash = c.scanAt(TARGET_BYTES) - c.smallScan();
    List<Estimate> out = new ArrayList<>();
    for (Job job : Job.values()) {
      // the driver-only seconds per image, as measured here
      double measured =
          switch (job) {
            // ValidateJob scans as ScanJob does: listing and manifest on the driver
            case SCAN, VALIDATE -> d.scanManifest();
            case FEATURES -> d.featuresLoad();
            case PREDICT -> d.predictWrite();
          };
      double atScale = measured;
      // floored at a quarter of the job: timings on a shared machine can make the difference tiny
      double local2 = r.cpu(job, Way.LOCAL_2);
      double executors = Math.max(local2 - measured * r.images, local2 / 4);
      double perImage = executors / r.images;
      perImage =
          switch (job) {
            case SCAN -> perImage * scanFactor;
            case VALIDATE -> perImage + extraDecode + extraHash;
            default -> perImage + extraDecode;
          };
      double[] wall = new double[EXECUTORS.length];
      for (int i = 0; i < wall.length; i++) {
        wall[i] =
            r.coldSession
                + TARGET_IMAGES * atScale
                + TARGET_IMAGES * perImage / (EXECUTORS[i] * EXECUTOR_CORES);
      }
      out.add(new Estimate(job, 1 / perImage, atScale, wall));
    }
    return out;
  }

  private static String estimate(Results r, SparkDriverCosts d, SparkImageCost c) {
    StringBuilder out =
        new StringBuilder(
            f(
                "%n| job (100 million images) | per-core img/s on executors (CPU) | driver-only s per"
                    + " million images | N = %d x %d | N = %d x %d | N = %d x %d |%n"
                    + "|---|---:|---:|---:|---:|---:|%n",
                EXECUTORS[0],
                EXECUTOR_CORES,
                EXECUTORS[1],
                EXECUTOR_CORES,
                EXECUTORS[2],
                EXECUTOR_CORES));
    for (Estimate e : estimates(r, d, c)) {
      out.append(f("| %s | %,.0f | %.1f |", e.job().title, e.perCore(), e.driverPerImage() * 1e6));
      for (double w : e.wall()) {
        out.append(' ').append(duration(w)).append(" |");
      }
      out.append('\n');
    }
    return out.append('\n').toString();
  }

  static String duration(double seconds) {
    if (seconds >= 3600) {
      return f("%.1f h", seconds / 3600);
    }
    return seconds >= 60 ? f("%.0f min", seconds / 60) : f("%.0f s", seconds);
  }

  static String today() {
    return LocalDate.now().toString();
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
