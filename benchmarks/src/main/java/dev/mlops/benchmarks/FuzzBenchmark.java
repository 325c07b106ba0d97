package dev.mlops.benchmarks;

import dev.mlops.core.fuzz.CoreTargets;
import dev.mlops.core.fuzz.FuzzHarness;
import dev.mlops.core.fuzz.FuzzRegressions;
import dev.mlops.core.fuzz.FuzzReport;
import dev.mlops.core.fuzz.FuzzTarget;
import dev.mlops.core.fuzz.ImageMutator;
import dev.mlops.serving.ServingFuzzTarget;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The long form of the image fuzzer: {@code count} seeded mutants of real PNG and JPEG files (and
 * the kept regression files) through the scanner, {@code validate-data}, drift-check's reader and
 * serving's preprocessing, each call bounded by a timeout. Counts crashes, hangs, the slowest file
 * and the heap, lists every reported file by name in {@code <work>/fuzz/reported.tsv} and writes
 * the section "Fuzzing image inputs" of {@code docs/benchmarks.md}. Run it under a small heap
 * ({@code -Xmx256m} in {@code benchmarks/run.sh}): that the run ends is the heap bound.
 *
 * <p>Usage: {@code FuzzBenchmark <work dir> <docs/benchmarks.md> [count]}.
 */
public final class FuzzBenchmark {
  /** The mutator's seed: the same 10,000 files on every machine. */
  static final long SEED = 2026;

  /** The decoders' limit: 16 MP, at most 64 MB for one ARGB raster. */
  static final long MAX_PIXELS = 16_000_000L;

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final double MIB = 1 << 20;

  private FuzzBenchmark() {}

  /** Runs the fuzzer. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("fuzz");
    Path docs = Path.of(args[1]);
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    deleteTree(work);
    Files.createDirectories(work);
    List<FuzzTarget> targets = new ArrayList<>(CoreTargets.all(MAX_PIXELS));
    targets.add(new ServingFuzzTarget(MAX_PIXELS));
    long start = System.nanoTime();
    FuzzReport report;
    List<FuzzRegressions.Regression> regressions = FuzzRegressions.all();
    try (FuzzHarness harness = new FuzzHarness(work, targets, MAX_PIXELS, TIMEOUT)) {
      regressions.forEach(r -> harness.run(r.name(), "regression", r.bytes()));
      ImageMutator mutator = new ImageMutator(SEED);
      for (int i = 1; i <= count; i++) {
        ImageMutator.Mutant m = mutator.next();
        harness.run(m.name(), m.mutations(), m.bytes());
        if (i % 1000 == 0) {
          System.out.printf(
              Locale.ROOT,
              "%d/%d files, %.0f s: %s%n",
              i,
              count,
              (System.nanoTime() - start) / 1e9,
              harness.report().summary());
        }
      }
      report = harness.report();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Path reported = work.resolve("reported.tsv");
    Files.write(reported, report.badFiles(), StandardCharsets.UTF_8);
    System.out.println(report.summary());
    report.crashes().forEach(p -> System.out.println("CRASH " + p));
    report.hangs().forEach(p -> System.out.println("HANG " + p));
    DataBenchmark.Docs.replaceSection(
        docs, "fuzz", section(report, count, regressions.size(), seconds, targets));
    if (!report.crashes().isEmpty() || !report.hangs().isEmpty()) {
      System.err.println("failing files kept in " + work.resolve("failed"));
      System.exit(1);
    }
  }

  private static String section(
      FuzzReport r, int count, int regressions, double seconds, List<FuzzTarget> targets) {
    String perTarget =
        targets.stream()
            .map(
                t -> String.format(Locale.ROOT, "`%s` %,d", t.name(), r.reportedBy().get(t.name())))
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        """
        ## Fuzzing image inputs

        Measured %s by `benchmarks/run.sh fuzz` (class `FuzzBenchmark`) on %s (%s; %d
        cores), JVM flags `%s`. %,d seeded mutants (seed %d) of real PNGs and JPEGs written by
        ImageIO (gray, RGB, RGBA, palette, 16-bit and interlaced PNG; baseline and progressive JPEG;
        8 to 64 px), plus the %d kept regression files, each pushed through the dataset scanner,
        `validate-data`, drift-check's reader of incoming images and serving's upload
        preprocessing, with maxPixels %,d for every decoder and every call bounded by %d s.
        Mutations: truncation, bit flips, PNG IHDR and JPEG SOF dimensions inflated (CRC fixed or
        not), chunk lengths and CRCs, iCCP/zTXt chunks inflating to 1-16 MB, 64 kB APP1/APP2
        segments, bad SOS spectral selection, up to 5,000 scans, empty files, noise behind a valid
        magic number. The short form (300 + 400 mutants, other seeds) runs in `mvn verify` as
        `ImageFuzzTest` in mlops-core and mlops-serving.

        | files | crashes | hangs (over %d s) | slowest file, all four targets | peak old generation (large arrays) | peak live heap after a collection | heap limit | wall time |
        |---:|---:|---:|---:|---:|---:|---:|---:|
        | %,d | %d | %d | %,.0f ms | %.0f MiB | %.0f MiB | %.0f MiB | %.0f s |

        - Reported by name (a report that does not name its file counts as a crash): %s, of
          %,d files; %,d files by at least one target. Every file with each target's message:
          `benchmarks/target/work/fuzz/reported.tsv`.
        - Every header over maxPixels was refused from the header alone by all three decoders (a
          decode past such a header counts as a crash). No OutOfMemoryError under `-Xmx256m` (it
          would be a crash). Slowest file: %s.
        - Found by this fuzzer and fixed (the files are regression cases in
          `mlops-core/src/test/resources/fuzz/regressions/`): drift-check's reader (and training's)
          decoded any header, e.g. a 381-byte JPEG claiming 40000x18971 took 760 MB and was accepted
          as a half-grey image, since truncation is only a decoder warning: it now refuses headers
          over maxPixels (`-Dmlops.drift-check.maxPixels`, default 100,000,000) and decoder
          warnings, as `validate-data` and serving do. And a progressive JPEG with 1,450 scans took
          42 s in each decoder (ImageIO renders the whole image after every scan, in native code no
          timeout stops): the first 10,000-file run had 10 hangs in 4 files; every decoder now
          refuses JPEGs with more than 100 scans before decoding.
        """,
        LocalDate.now(),
        cpuModel(),
        InferenceRows.cpuFlags(),
        Runtime.getRuntime().availableProcessors(),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        count,
        SEED,
        regressions,
        MAX_PIXELS,
        TIMEOUT.toSeconds(),
        TIMEOUT.toSeconds(),
        r.files(),
        r.crashes().size(),
        r.hangs().size(),
        r.maxMillisPerFile(),
        r.peakOldBytes() / MIB,
        r.maxLiveBytes() / MIB,
        r.maxHeapBytes() / MIB,
        seconds,
        perTarget,
        r.files(),
        r.badFiles().size(),
        r.slowestFile());
  }

  /** The {@code model name} of {@code /proc/cpuinfo}, with its family and model numbers. */
  static String cpuModel() {
    String name = "unknown CPU";
    String family = "?";
    String model = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (line.startsWith("model name") && name.equals("unknown CPU")) {
          name = value;
        } else if (line.startsWith("cpu family") && family.equals("?")) {
          family = value;
        } else if (line.matches("model\\s*:.*") && model.equals("?")) {
          model = value;
        }
      }
    } catch (IOException e) {
      return name;
    }
    return name + " (family " + family + " model " + model + ")";
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
