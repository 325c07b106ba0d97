package dev.mlops.benchmarks;

import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.DatasetLayout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.OfflineFeatures;
import dev.mlops.core.predict.Prediction;
import dev.mlops.core.predict.PredictionsReader;
import dev.mlops.core.predict.PredictionsWriter;
import dev.mlops.spark.PredictJob;
import dev.mlops.spark.PredictJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The steps of the jobs that run on the driver alone, whatever the number of executors, timed on
 * their own in CPU seconds per image (the JVM's, so that other processes on a shared machine do not
 * count; single-threaded steps, so a quiet machine's wall time): they bound the wall time of a
 * large run from below.
 *
 * @param scanManifest ScanJob: listing, the layout rules, assembling the manifest from the hashes
 *     and its canonical JSON
 * @param featuresLoad FeaturesJob: loading the Parquet parts into the SQLite store
 * @param predictWrite PredictJob: writing the rows into the one Parquet file
 */
record SparkDriverCosts(double scanManifest, double featuresLoad, double predictWrite) {
  private static final int REPEATS = 5;

  /** Measures each step {@value #REPEATS} times over the benchmark's images: the medians. */
  static SparkDriverCosts measure(SparkJobs.Inputs in, SparkSession spark) throws Exception {
    int n = in.images();
    double[] scan = new double[REPEATS];
    double[] load = new double[REPEATS];
    double[] write = new double[REPEATS];
    List<Prediction> rows = predictions(in, spark);
    for (int i = 0; i < REPEATS; i++) {
      scan[i] = manifest(in) / n;
      load[i] = load(in, spark) / n;
      write[i] = write(in, rows) / n;
    }
    return new SparkDriverCosts(median(scan), median(load), median(write));
  }

  /** What ScanJob's driver does around the executors' hashing. */
  private static double manifest(SparkJobs.Inputs in) throws Exception {
    Map<String, String> shas = new HashMap<>();
    for (ManifestEntry e : in.manifest().entries()) {
      shas.put(e.path(), e.sha256());
    }
    long start = threadCpuNanos();
    DataDirectory.Listing listing = DataDirectory.list(in.data());
    DatasetLayout.Selection selection = DatasetLayout.select(in.data().toString(), listing.files());
    List<String> hashes = new ArrayList<>();
    selection.images().forEach(f -> hashes.add(shas.get(f.path())));
    Manifest manifest = DatasetLayout.manifest(selection, SplitPolicy.DEFAULT, hashes);
    int bytes = manifest.toCanonicalJson().length;
    double seconds = (threadCpuNanos() - start) / 1e9;
    if (!manifest.id().equals(in.manifest().id()) || bytes == 0) {
      throw new IllegalStateException("the driver's manifest differs from the scan's");
    }
    return seconds;
  }

  /** FeaturesJob without its load, then the load alone (timed), as the job's driver runs it. */
  private static double load(SparkJobs.Inputs in, SparkSession spark) throws Exception {
    SparkJobs.sparkFeatures(in, spark, false);
    Path store = in.out().resolve("store");
    long start = threadCpuNanos();
    long added;
    try (FeatureStore s = FeatureStore.open(store)) {
      added = OfflineFeatures.load(s, FeatureView.IMAGE_STATS, store).added();
    }
    double seconds = (threadCpuNanos() - start) / 1e9;
    if (added != in.images()) {
      throw new IllegalStateException("loaded " + added + " of " + in.images() + " rows");
    }
    return seconds;
  }

  private static List<Prediction> predictions(SparkJobs.Inputs in, SparkSession spark)
      throws Exception {
    Path output = in.out().resolve("driver.parquet");
    Files.deleteIfExists(output);
    PredictJob.run(spark, PredictJobConfig.of(in.model(), in.data(), output));
    return PredictionsReader.read(output).rows();
  }

  /** The rows through PredictionsWriter, as PredictJob's driver writes them. */
  private static double write(SparkJobs.Inputs in, List<Prediction> rows) throws Exception {
    Path output = in.out().resolve("rewrite.parquet");
    Files.deleteIfExists(output);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < rows.get(0).probabilities().length; i++) {
      labels.add("class-" + i);
    }
    long start = threadCpuNanos();
    try (PredictionsWriter writer = PredictionsWriter.open(output, labels)) {
      for (Prediction p : rows) {
        writer.write(p);
      }
      writer.commit();
    }
    return (threadCpuNanos() - start) / 1e9;
  }

  /** The calling thread's CPU time, in nanoseconds (the process's has 10 ms ticks on Linux). */
  private static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
