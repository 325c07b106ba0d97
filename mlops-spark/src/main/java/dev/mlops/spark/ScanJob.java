package dev.mlops.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.DatasetLayout;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.SplitPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Lists and hashes every file under a data root on any Hadoop file system and builds the same
 * manifest as the core's {@code DatasetScanner} on one machine: the driver lists the files and
 * applies the core's {@link DatasetLayout} rules (layout, dataset files, splits); only the hashing
 * (and, when asked, storing the bytes in the content-addressed store) runs on the executors.
 *
 * <p>On a cluster ({@code --store} must be a directory every executor can write, such as an NFS
 * mount; the large stack is for the engine's native kernels on Spark's task threads, which the
 * other jobs need and which costs the scan nothing):
 *
 * <pre>{@code
 * spark-submit --class dev.mlops.spark.ScanJob \
 *   --conf spark.driver.extraJavaOptions=-Xss64m --conf spark.executor.extraJavaOptions=-Xss64m \
 *   --packages dev.mlops:mlops-core:<version> mlops-spark-<version>.jar \
 *   --data hdfs://nn/datasets/pets --output hdfs://nn/manifests/pets.json --store /mnt/mlops/store
 * }</pre>
 *
 * <p>The manifest file holds the canonical JSON the registry stores; {@code version-data} commits
 * it as a version when {@code mlops.spark.master} is set (the plugin runs this job itself).
 */
public final class ScanJob {
  static final String USAGE =
      "ScanJob [--master URL] --data DIR_OR_URI --output MANIFEST_FILE [--store DIR]"
          + " [--split-fractions 0.8,0.1,0.1] [--split-seed 42] [--partitions N]";

  private ScanJob() {}

  /**
   * What to scan.
   *
   * @param dataRoot the data directory: a local path, or a URI such as {@code hdfs://nn/data}
   * @param splitPolicy the split applied to a {@code <class>/<file>} layout
   * @param store the object store directory (on a file system every executor shares), or null to
   *     only hash
   * @param partitions how many tasks hash the files; 0 for four per core of the cluster
   * @param viaHadoop read a local directory through Hadoop's API too (tests of that path)
   */
  public record Config(
      String dataRoot, SplitPolicy splitPolicy, String store, int partitions, boolean viaHadoop) {
    /** Checks the fields. */
    public Config {
      Objects.requireNonNull(dataRoot, "dataRoot");
      Objects.requireNonNull(splitPolicy, "splitPolicy");
      if (partitions < 0) {
        throw new IllegalArgumentException("partitions must not be negative, was " + partitions);
      }
    }

    /** A scan of {@code dataRoot} with the default split, hashing only. */
    public static Config of(String dataRoot) {
      return new Config(dataRoot, SplitPolicy.DEFAULT, null, 0, false);
    }

    /** This scan, storing the bytes in the store at {@code storeDir}. */
    public Config withStore(String storeDir) {
      return new Config(dataRoot, splitPolicy, storeDir, partitions, viaHadoop);
    }
  }

  /**
   * What a scan found.
   *
   * @param manifest the dataset's manifest, equal to the single-machine scan's
   * @param otherFiles files that are not part of the dataset, relative paths
   * @param symbolicLinks symbolic links (not followed), relative paths, sorted
   * @param bytes bytes hashed
   * @param seconds wall-clock time of the scan
   */
  public record Result(
      Manifest manifest,
      List<String> otherFiles,
      List<String> symbolicLinks,
      long bytes,
      double seconds) {
    /** The summary line for a log. */
    public String summary(String root) {
      return String.format(
          Locale.ROOT,
          "Scanned %d images (%.1f MB) in %s on Spark: %d hashed, %.2f s, %.1f MB/s, manifest %s",
          manifest.entries().size(),
          bytes / 1e6,
          FileNames.escape(root),
          manifest.entries().size(),
          seconds,
          bytes / 1e6 / Math.max(seconds, 1e-9),
          manifest.id());
    }
  }

  /** Scans {@code config.dataRoot()} on {@code spark}. */
  public static Result run(SparkSession spark, Config config) throws MlopsException {
    long start = System.nanoTime();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DataRoot root =
        DataRoot.of(config.dataRoot(), context.hadoopConfiguration(), config.viaHadoop());
    DataDirectory.Listing listing = root.list();
    DatasetLayout.Selection selection = DatasetLayout.select(root.display(), listing.files());
    List<FileHasher.Item> items = new ArrayList<>(selection.images().size());
    selection.images().forEach(f -> items.add(new FileHasher.Item(f.path(), f.size())));
    int slices = config.partitions() > 0 ? config.partitions() : 4 * context.defaultParallelism();
    List<String> shas;
    try {
      shas =
          context
              .parallelize(items, Math.max(1, Math.min(slices, items.size())))
              .mapPartitions(new FileHasher(root, config.store()))
              .collect();
    } catch (Exception e) {
      // Spark throws its (checked) SparkException from Scala code without declaring it.
      throw FileHasher.failure(e);
    }
    Manifest manifest = DatasetLayout.manifest(selection, config.splitPolicy(), shas);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        manifest, selection.otherFiles(), listing.symbolicLinks(), manifest.totalBytes(), seconds);
  }

  /**
   * For {@code spark-submit}: scans, writes the manifest's canonical JSON (the bytes the registry
   * stores) to {@code --output} (any Hadoop file system) and prints a summary line.
   */
  public static void main(String[] args) {
    JobArgs parsed =
        JobArgs.parse(
            args, Set.of("data", "output", "store", "split-fractions", "split-seed", "partitions"));
    String data = parsed.required("data");
    String output = parsed.required("output");
    long seed = parsed.optionalLong("split-seed", SplitPolicy.DEFAULT.seed());
    long partitions = parsed.optionalLong("partitions", 0);
    SplitPolicy policy = SplitPolicy.DEFAULT;
    try {
      policy = SplitPolicy.parse(parsed.optional("split-fractions", "0.8,0.1,0.1"), seed);
    } catch (InvalidInputException e) {
      parsed.problem("--split-fractions: " + e.getMessage());
    }
    if (partitions < 0 || partitions > Integer.MAX_VALUE) {
      parsed.problem("--partitions must be 0 (automatic) or a positive integer");
    }
    parsed.exitOnProblems(USAGE);
    Config config =
        new Config(data, policy, parsed.optional("store", null), (int) partitions, false);
    JobMain.run(
        parsed,
        "mlops scan",
        spark -> {
          Result result = run(spark, config);
          writeManifest(spark, output, result.manifest());
          System.out.println(result.summary(data));
          if (!result.otherFiles().isEmpty()) {
            System.out.println(
                "Ignored "
                    + result.otherFiles().size()
                    + " files that are not images in class folders");
          }
          if (config.store() != null) {
            System.out.println("Stored every file in " + config.store());
          }
          System.out.println("Wrote the manifest to " + output);
        });
  }

  /** Writes to a local path directly, elsewhere through Hadoop (without checksum files). */
  private static void writeManifest(SparkSession spark, String output, Manifest manifest)
      throws MlopsException {
    try {
      if (!output.contains(":/") || output.startsWith("file:")) {
        java.nio.file.Path file =
            output.startsWith("file:")
                ? java.nio.file.Path.of(URI.create(output))
                : java.nio.file.Path.of(output);
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        java.nio.file.Files.write(file, manifest.toCanonicalJson());
        return;
      }
      URI uri = URI.create(output);
      FileSystem fs = FileSystem.get(uri, spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(new Path(uri), true)) {
        out.write(manifest.toCanonicalJson());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new MlopsException("cannot write the manifest to " + output + ": " + e, e);
    }
  }
}
