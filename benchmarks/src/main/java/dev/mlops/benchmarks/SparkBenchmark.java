package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.export.TinyOnnxModels;
import dev.mlops.core.features.ImageRef;
import dev.mlops.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code mlops-spark} on one machine: scan, validate, features and predict on Spark {@code
 * local[1]} and {@code local[2]} against the core's single-JVM path on 1 and 2 threads, in one JVM,
 * over the same generated JPEGs (in the page cache after a warm-up pass of every point). Every
 * round runs the four ways in turn (the first one rotating), so that a busier stretch of the shared
 * machine falls on all of them; the median of the rounds counts. Spark session start-up is timed on
 * its own and is not in the jobs' seconds. The driver-only steps are timed apart, and a paper
 * estimate for 100 million images on N executors is derived. Writes the section "Spark
 * (mlops-spark)" of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code SparkBenchmark <work dir> <docs/benchmarks.md> [images, default 2000] [rounds,
 * default 3]}.
 */
public final class SparkBenchmark {
  /** Side of the generated JPEGs, the usual input size of an ImageNet-style classifier. */
  static final int SIDE = 224;

  /** Input side of the cnn-small model PredictJob runs. */
  static final int MODEL_SIDE = 64;

  /** Larger JPEGs generated to move the estimate to ImageNet-sized photos. */
  static final int LARGE_IMAGES = 500;

  private SparkBenchmark() {}

  /** The four ways each job runs. */
  enum Way {
    ONE_THREAD("single JVM, 1 thread", 1, null),
    TWO_THREADS("single JVM, 2 threads", 2, null),
    LOCAL_1("Spark local[1]", 1, "local[1]"),
    LOCAL_2("Spark local[2]", 2, "local[2]");

    final String title;
    final int threads;
    final String master;

    Way(String title, int threads, String master) {
      this.title = title;
      this.threads = threads;
      this.master = master;
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("spark");
    Path docs = Path.of(args[1]);
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    FuzzBenchmark.deleteTree(work);
    Path data = work.resolve("images");
    long bytes = JpegCorpus.generate(data, count, SIDE, SIDE);
    Path model = TinyOnnxModels.cnnSmall(work.resolve("model"), 10, MODEL_SIDE, 7);
    Path out = Files.createDirectories(work.resolve("out"));
    Manifest manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null, 2))
            .manifest();
    SparkJobs.Inputs in =
        new SparkJobs.Inputs(data, manifest, ImageRef.of(data, manifest), model, out);
    SparkRows.Results results = new SparkRows.Results(count, bytes, rounds);
    System.out.printf(Locale.ROOT, "%d images, %.1f MB%n", count, bytes / 1e6);

    // warm-up: files into the page cache, classes loaded and compiled, the ONNX session created
    for (Way way : Way.values()) {
      round(way, in, results, -1);
    }
    CpuShare before = CpuShare.now();
    for (int r = 0; r < rounds; r++) {
      Way[] ways = Way.values();
      for (int i = 0; i < ways.length; i++) {
        round(ways[(i + r) % ways.length], in, results, r);
      }
    }
    results.othersShare(CpuShare.othersSince(before));
    SparkDriverCosts driver;
    try (SparkSession spark = SparkSessions.open("local[2]", "mlops-benchmark-driver")) {
      driver = SparkDriverCosts.measure(in, spark);
    }
    SparkImageCost cost = SparkImageCost.measure(data, work, LARGE_IMAGES);
    DataBenchmark.Docs.replaceSection(docs, "spark", SparkRows.section(results, driver, cost));
  }

  /** This JVM's CPU time, every thread (Spark's, the JIT's and the collector's included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Every job once in {@code way}; round -1 is the untimed warm-up. */
  private static void round(Way way, SparkJobs.Inputs in, SparkRows.Results results, int round)
      throws Exception {
    List<Double> seconds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    if (way.master == null) {
      for (SparkJobs.Job job : SparkJobs.Job.values()) {
        long start = cpuNanos();
        seconds.add(SparkJobs.local(job, in, way.threads));
        cpu.add((cpuNanos() - start) / 1e9);
      }
    } else {
      long start = System.nanoTime();
      try (SparkSession spark = SparkSessions.open(way.master, "mlops-benchmark")) {
        results.sessionStart(way, round, (System.nanoTime() - start) / 1e9);
        for (SparkJobs.Job job : SparkJobs.Job.values()) {
          long cpuStart = cpuNanos();
          seconds.add(SparkJobs.spark(job, in, spark));
          cpu.add((cpuNanos() - cpuStart) / 1e9);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "round %d, %s: %s s, CPU %s s%n",
        round,
        way.title,
        SparkRows.seconds(seconds),
        SparkRows.seconds(cpu));
    if (round >= 0) {
      for (SparkJobs.Job job : SparkJobs.Job.values()) {
        results.add(job, way, round, seconds.get(job.ordinal()), cpu.get(job.ordinal()));
      }
    }
  }
}
