package dev.mlops.benchmarks;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures dataset scanning (first scan, rescan of unchanged files) and validation on generated
 * JPEGs, next to {@code sha256sum} and {@code md5sum} of the same files in the same run, and writes
 * the table into {@code docs/benchmarks.md}. Not a test: numbers depend on the machine.
 *
 * <p>Usage: {@code DataBenchmark <work dir> <docs/benchmarks.md> [count]}.
 */
public final class DataBenchmark {
  private static final int REPEATS = 3;

  private DataBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path docs = Path.of(args[1]);
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int cores = Runtime.getRuntime().availableProcessors();
    Path data = work.resolve("jpegs-" + count);
    if (!Files.isDirectory(data)) {
      System.out.printf("Generating %d JPEGs in %s ...%n", count, data);
      JpegCorpus.generate(data, count, 640, 480);
      // Files written within the last second are not cached (they may still change within the
      // file system's timestamp granularity); real datasets are older than that.
      Thread.sleep(1100);
    }
    List<Row> rows = new ArrayList<>();
    // Warm the page cache once so every row reads from memory: we measure CPU work, not the disk.
    Tools.run(data, "sha256sum", cores);
    rows.add(Tools.best("sha256sum (xargs -P " + cores + ")", data, "sha256sum", cores, REPEATS));
    rows.add(Tools.best("md5sum (xargs -P " + cores + ")", data, "md5sum", cores, REPEATS));
    rows.add(Tools.best("sha256sum (1 process)", data, "sha256sum", 1, REPEATS));
    rows.add(firstScan(work, data, cores));
    rows.add(rescan(work, data, cores));
    rows.addAll(ValidationRows.measure(data, scan(data, work.resolve("cache.tsv"), cores), cores));
    String table = Row.table(rows) + "\n" + verdicts(rows);
    System.out.println(table);
    Docs.replaceSection(docs, "data", section(count, cores, table));
  }

  /** The targets of the dataset issue, checked against this run's rows. */
  private static String verdicts(List<Row> rows) {
    Row sha = find(rows, "sha256sum (xargs");
    Row first = find(rows, "mlops first scan");
    Row rescan = find(rows, "mlops rescan");
    Row decode = find(rows, "ImageIO.read only");
    Row validate = find(rows, "mlops validate-data (" + decode.what().replaceAll("\\D+", ""));
    double firstMbs = first.bytes() / 1e6 / first.seconds();
    double rescanFps = rescan.files() / rescan.seconds();
    return String.format(
        Locale.ROOT,
        "- First scan hashes at %,.0f MB/s (target >= 1,000 MB/s: %s), %.1fx `sha256sum` on the"
            + " same cores.%n"
            + "- Rescan of unchanged files: %,.0f files/s (target >= 50,000 files/s: %s).%n"
            + "- Validation runs at %.0f%% of the speed of decoding alone (%,.0f vs %,.0f images/s):"
            + " decoding is %.0f%% of its time; header reads, the perceptual hash and the checks"
            + " are the rest.%n",
        firstMbs,
        firstMbs >= 1000 ? "met" : "NOT met",
        sha.seconds() / first.seconds(),
        rescanFps,
        rescanFps >= 50_000 ? "met" : "NOT met",
        100 * decode.seconds() / validate.seconds(),
        validate.files() / validate.seconds(),
        decode.files() / decode.seconds(),
        100 * decode.seconds() / validate.seconds());
  }

  private static Row find(List<Row> rows, String prefix) {
    return rows.stream()
        .filter(r -> r.what().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no row " + prefix));
  }

  private static Row firstScan(Path work, Path data, int cores) throws Exception {
    double best = Double.MAX_VALUE;
    ScanResult result = null;
    for (int i = 0; i < REPEATS; i++) {
      Path cache = work.resolve("first-scan-cache.tsv");
      Files.deleteIfExists(cache);
      result = scan(data, cache, cores);
      best = Math.min(best, result.stats().seconds());
    }
    return new Row(
        "mlops first scan (hash all, " + cores + " threads)",
        result.stats().files(),
        result.stats().hashedBytes(),
        best);
  }

  private static Row rescan(Path work, Path data, int cores) throws Exception {
    Path cache = work.resolve("cache.tsv");
    scan(data, cache, cores);
    double[] times = new double[REPEATS * 3];
    ScanResult result = null;
    for (int i = 0; i < times.length; i++) {
      result = scan(data, cache, cores);
      times[i] = result.stats().seconds();
      if (result.stats().hashedFiles() != 0) {
        throw new IllegalStateException("rescan hashed " + result.stats().hashedFiles() + " files");
      }
    }
    Arrays.sort(times);
    return new Row(
        "mlops rescan (unchanged, hash cache; median)",
        result.stats().files(),
        result.stats().bytes(),
        times[times.length / 2]);
  }

  static ScanResult scan(Path data, Path cache, int cores) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, cache, cores));
  }

  private static String section(int count, int cores, String table) {
    return String.format(
        Locale.ROOT,
        """
        ## Datasets: scanning and validation

        Measured %s by `benchmarks/run.sh` (class `DataBenchmark`) on %d generated photo-like
        JPEGs (640x480, smooth colours plus noise), %d cores, files in the page cache (every row
        reads the same files from memory; we measure CPU work, not the disk). Each row is the best
        of %d runs except the rescan (median). `sha256sum`/`md5sum` are the reference tools on the
        same files in the same run.

        %s
        """,
        LocalDate.now(),
        count,
        cores,
        REPEATS,
        table);
  }

  /** Writes a section of docs/benchmarks.md between markers, keeping the other sections. */
  static final class Docs {
    private Docs() {}

    static void replaceSection(Path docs, String name, String body) throws IOException {
      String start = "<!-- " + name + "-benchmark:start -->";
      String end = "<!-- " + name + "-benchmark:end -->";
      String text =
          Files.exists(docs)
              ? Files.readString(docs, StandardCharsets.UTF_8)
              : "# Benchmarks\n\nNumbers from `benchmarks/run.sh`; each section says how it was"
                  + " measured.\n\n";
      String block = start + "\n" + body.strip() + "\n" + end;
      int s = text.indexOf(start);
      int e = text.indexOf(end);
      text =
          s >= 0 && e > s
              ? text.substring(0, s) + block + text.substring(e + end.length())
              : text + block + "\n";
      Files.writeString(docs, text, StandardCharsets.UTF_8);
    }
  }
}
