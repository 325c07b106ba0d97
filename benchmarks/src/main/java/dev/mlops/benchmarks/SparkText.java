package dev.mlops.benchmarks;

import static dev.mlops.benchmarks.SparkRows.f;

import dev.mlops.benchmarks.SparkBenchmark.Way;
import dev.mlops.benchmarks.SparkJobs.Job;
import java.lang.management.ManagementFactory;
import java.util.List;

/** The prose of the section "Spark (mlops-spark)": how it was measured and what it says. */
final class SparkText {
  /** Below this share of the cores used by other processes the machine counts as quiet. */
  private static final double QUIET = 0.1;

  private SparkText() {}

  static String intro(SparkRows.Results r) {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    boolean opens = flags.stream().anyMatch(a -> a.startsWith("--add-opens"));
    return f(
        """
        ## Spark (mlops-spark): overhead on one machine, scaling with cores, and 100 million images on paper

        Measured %s by `benchmarks/run.sh spark [images] [rounds]` (class `SparkBenchmark`) on %s.
        Spark %s (Scala 2.13, the `spark-sql_2.13` that `mlops-spark` compiles against) runs inside
        the benchmark's JVM, started with `-Xss64m` and %s. The machine may be shared with other
        builds, so single points can be slow: every round runs the four ways one after the other
        (the first way rotating between rounds), so that a busy stretch hits all of them, and the
        tables give the median of %d rounds (their range below).

        Input: %,d generated photo-like JPEGs (`JpegCorpus`: gradients plus noise), %d x %d px,
        %.1f KB each on average, %.1f MB in all, in `train/class-0` .. `train/class-9`, in the page
        cache (every way ran once, untimed, before the rounds). Each job against the core's
        single-JVM path on the same files:

        - **scan**: `ScanJob` (driver lists and applies the layout rules, executors hash, driver
          assembles the manifest) against `DatasetScanner` with 1 / 2 hashing threads; the manifest
          ids are checked equal.
        - **validate**: `ValidateJob` without a hash cache (executors hash the files as `ScanJob`
          does, then inspect every image, banded self-join for perceptual near duplicates, driver
          runs the checks and writes `validation.json`) against `DatasetScanner` +
          `DataValidator.validate` with `threads` 1 / 2. Default settings; the previous report is
          deleted first (not timed), so nothing is reused.
        - **features**: `FeaturesJob` (executors compute `image-stats` and write Parquet parts, the
          driver loads them into the SQLite store) against `FeatureStore.materialize(new
          ImageStatsExtractor(), images, threads, progress)`; both into an emptied store, open to
          close.
        - **predict**: `PredictJob` (one ONNX Runtime session per executor JVM, 1 intra-op thread
          per task, batches of 32; the driver writes the one Parquet file) against `BatchPrediction`
          (`mlops:predict`) with `threads` = `workers` = 1 / 2; model: cnn-small, %d px input, 10
          classes, seeded random weights (the cost of a forward pass does not depend on them).

        %s

        Seconds are the job's wall time as its caller sees it, without the Spark session's start-up
        (timed apart below); img/s = images / seconds. Overhead = local[1] seconds / single JVM 1
        thread seconds (1.00x: Spark costs nothing); scaling = local[1] seconds / local[2] seconds
        (2.00x: perfect on 2 cores).

        """,
        SparkRows.today(),
        ServingRows.machine(),
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        opens ? "the parent pom's `spark.jvm.options` (Spark's add-opens list)" : "no add-opens",
        r.rounds,
        r.images,
        SparkBenchmark.SIDE,
        SparkBenchmark.SIDE,
        r.bytes / (double) r.images / 1e3,
        r.bytes / 1e6,
        SparkBenchmark.MODEL_SIDE,
        Double.isNaN(r.othersShare())
            ? "How busy the machine was is unknown (no /proc)."
            : r.othersShare() < QUIET
                ? f(
                    "Other processes used %.0f%% of the machine's cores during the rounds (from"
                        + " /proc/stat: the machine's busy time minus this JVM's): the machine was"
                        + " otherwise quiet.",
                    100 * r.othersShare())
                : f(
                    "Other processes kept %.0f%% of the machine's cores busy during the rounds"
                        + " (from /proc/stat: the machine's busy time minus this JVM's), so the"
                        + " 2-thread and local[2] points did not have 2 free cores; the CPU-time"
                        + " table and the estimate, which rest on CPU seconds, are the numbers to"
                        + " trust.",
                    100 * r.othersShare()));
  }

  static String sessions(double cold, double[][] sessions) {
    return f(
        """

        Spark session start-up (`SparkSessions.open`, UI off, 127.0.0.1; not in the jobs' seconds):
        the JVM's first session %.2f s (class loading included); later sessions, median: local[1]
        %.2f s, local[2] %.2f s. Stopping a session is not timed.

        """,
        cold,
        SparkDriverCosts.median(sessions[Way.LOCAL_1.ordinal()]),
        SparkDriverCosts.median(sessions[Way.LOCAL_2.ordinal()]));
  }

  static String driver(SparkRows.Results r, SparkDriverCosts d, SparkImageCost c) {
    return f(
        """
        ### Driver-only steps

        The jobs are embarrassingly parallel except for steps that run on the driver alone, however
        many executors there are. Each was timed on its own over the same %,d images (median of 5),
        in CPU microseconds per image of the thread that runs them:

        | job | driver-only step | CPU µs per image | CPU s per 100 million images |
        |---|---|---:|---:|
        | scan | listing, layout rules, manifest from the executors' hashes, canonical JSON | %.2f | %,.0f |
        | validate | as scan: listing, layout rules, manifest (the executors hash) | %.2f | %,.0f |
        | features | loading the Parquet parts into the SQLite store | %.2f | %,.0f |
        | predict | writing every row into the one Parquet file (`PredictionsWriter`) | %.2f | %,.0f |

        Not timed apart: `ValidateJob`'s checks on the driver after the join (duplicates, leakage,
        balance; linear in the images, in its local[2] time above), collecting the executors' results to the driver (the hashes, the
        inspections, the rows through `toLocalIterator`), local here and over the network on a
        cluster.

        ### Paper estimate: 100 million images on N executors of %d cores

        These are estimates computed from the measurements above, not measurements. Assumptions:

        1. Per-core cost of the executors' part as measured on local[2], in CPU time (robust to the
           other processes on this machine): the JVM's CPU seconds minus the driver-only seconds
           above (but at least a quarter of the CPU seconds) / images, on this CPU; executors of %d cores
           each, linear scaling across executors and cores (the executors' parts are independent
           per image, except `ValidateJob`'s near-duplicate join, whose shuffle of band keys is
           assumed to scale like the rest).
        2. Images: ImageNet-like photos, %d x %d px and %.0f KB each (ours: %d x %d px, %.1f KB).
           To move there: the scan's seconds per file on one thread (%.1f µs at %.1f KB) plus
           SHA-256 of the extra bytes (%.2f ns per byte, `MessageDigest`) give %.1f µs at %.0f KB
           (the scan's per-core rate is divided by %.2f, and validate's executors hash the extra
           bytes); %,d JPEGs of %d x %d px (%.1f KB each: the noise generator compresses better
           than photos) were decoded on one thread (`ImagePreprocessor.read`): %.0f µs at %d x %d
           and %.0f µs at %d x %d px,
           so validate, features and predict get %.0f µs more per image. The larger file's extra
           entropy-coded bytes are not in the decode, so these three are somewhat optimistic.
        3. Storage and network are not the bottleneck (%,.0f TB to read per pass at %.0f KB per
           image); the driver has %d cores like an executor and the memory to hold what it collects (manifest, inspections: tens of
           GB at 100 million entries, which a real driver would not have).
        4. Wall time = the JVM's first session start + driver-only time (serial) + images /
           (N x %d cores x per-core rate). Listing 100 million files on HDFS or S3 is much slower
           than listing a local directory and is not in the estimate.
        """,
        r.images,
        d.scanManifest() * 1e6,
        d.scanManifest() * SparkRows.TARGET_IMAGES,
        d.scanManifest() * 1e6,
        d.scanManifest() * SparkRows.TARGET_IMAGES,
        d.featuresLoad() * 1e6,
        d.featuresLoad() * SparkRows.TARGET_IMAGES,
        d.predictWrite() * 1e6,
        d.predictWrite() * SparkRows.TARGET_IMAGES,
        SparkRows.EXECUTOR_CORES,
        SparkRows.EXECUTOR_CORES,
        SparkImageCost.LARGE_WIDTH,
        SparkImageCost.LARGE_HEIGHT,
        SparkRows.TARGET_BYTES / 1e3,
        SparkBenchmark.SIDE,
        SparkBenchmark.SIDE,
        r.bytes / (double) r.images / 1e3,
        c.smallScan() * 1e6,
        c.smallBytes() / 1e3,
        c.hashPerByte() * 1e9,
        c.scanAt(SparkRows.TARGET_BYTES) * 1e6,
        SparkRows.TARGET_BYTES / 1e3,
        c.scanAt(SparkRows.TARGET_BYTES) / c.smallScan(),
        SparkBenchmark.LARGE_IMAGES,
        SparkImageCost.LARGE_WIDTH,
        SparkImageCost.LARGE_HEIGHT,
        c.largeBytes() / 1e3,
        c.smallDecode() * 1e6,
        SparkBenchmark.SIDE,
        SparkBenchmark.SIDE,
        c.largeDecode() * 1e6,
        SparkImageCost.LARGE_WIDTH,
        SparkImageCost.LARGE_HEIGHT,
        (c.largeDecode() - c.smallDecode()) * 1e6,
        SparkRows.TARGET_IMAGES * SparkRows.TARGET_BYTES / 1e12,
        SparkRows.TARGET_BYTES / 1e3,
        SparkRows.EXECUTOR_CORES,
        SparkRows.EXECUTOR_CORES);
  }

  static String interpretation(SparkRows.Results r, List<SparkRows.Estimate> estimates) {
    StringBuilder overhead = new StringBuilder();
    StringBuilder cpu = new StringBuilder();
    StringBuilder scaling = new StringBuilder();
    StringBuilder slot = new StringBuilder();
    for (Job job : Job.values()) {
      String name = job.name().toLowerCase(java.util.Locale.ROOT);
      overhead.append(
          f("%s %.2fx, ", name, r.median(job, Way.LOCAL_1) / r.median(job, Way.ONE_THREAD)));
      cpu.append(f("%s %.2fx, ", name, r.cpu(job, Way.LOCAL_1) / r.cpu(job, Way.ONE_THREAD)));
      scaling.append(
          f("%s %.2fx, ", name, r.median(job, Way.LOCAL_1) / r.median(job, Way.LOCAL_2)));
      slot.append(f("%s %.2fx, ", name, r.cpu(job, Way.LOCAL_2) / r.cpu(job, Way.LOCAL_1)));
    }
    StringBuilder bound = new StringBuilder();
    int last = SparkRows.EXECUTORS.length - 1;
    for (SparkRows.Estimate e : estimates) {
      double serial = e.driverPerImage() * SparkRows.TARGET_IMAGES;
      bound.append(
          f(
              "%s %.0f%%, ",
              e.job().name().toLowerCase(java.util.Locale.ROOT), 100 * serial / e.wall()[last]));
    }
    return f(
        """
        **Reading.** On one machine Spark's local[1] takes %s of the single-JVM wall time on one
        thread, and %s of its CPU time: the cost of tasks, serialization and collecting to the
        driver over the same work (session start-up excluded), largest where a job does more than
        the single-JVM path (`ValidateJob`'s separate inspection pass and banded join) or where
        the work per image is small (the scan), smallest for predict, whose ONNX Runtime work
        dwarfs it. From local[1] to local[2] the wall time went down by %s; with other processes
        on the cores this says more about the machine than about Spark. What a second task slot
        costs in extra work is the CPU time per image of local[2] over local[1] (%s): close to
        1.00x means the executors' part scales with the cores it gets, which is the estimate's
        assumption. At %d executors the driver-only steps are this share of the estimated wall
        time: %s. Beyond some tens of executors, adding more shortens only the rest: the serial
        steps on the driver (the listing and manifest of `ScanJob` and `ValidateJob`, and
        `ValidateJob`'s checks; `FeaturesJob`'s load into one SQLite file; `PredictJob`'s one
        Parquet writer) set the wall time, and they, not Spark, are what to change for data of
        this size: leaving the features and predictions as the executors' Parquet parts, and a
        listing that does not go through one process.
        """,
        trim(overhead),
        trim(cpu),
        trim(scaling),
        trim(slot),
        SparkRows.EXECUTORS[last],
        trim(bound));
  }

  private static String trim(StringBuilder s) {
    return s.length() > 2 ? s.substring(0, s.length() - 2) : s.toString();
  }
}
