package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Versioning many small files: the first {@code version-data} (scan, store every object, commit)
 * and {@code checkout-data} into an empty directory, through the core API the goals call, next to
 * {@code git add} and {@code cp -r} + {@code sync} of the same generated 28x28 PNGs in the same
 * run. Each point is the median of {@code repeats} runs; the files are read once first so that
 * every row reads them from the page cache. Results are kept per label and counts in {@code
 * <work>/store-*.tsv} (so that a run on another build, such as main's classes put first on the
 * class path, can stand beside this one) and the section of docs/benchmarks.md is rendered from
 * every such file.
 *
 * <p>Usage: {@code StoreBenchmark <work dir> <docs/benchmarks.md> <label> <counts, e.g.
 * 10000,100000> [repeats] [no-git]}.
 */
public final class StoreBenchmark {
  private StoreBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).toAbsolutePath();
    Path docs = Path.of(args[1]);
    String label = args[2];
    int[] counts = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    // `git add` is the slowest row by far on a busy disk; a run may leave it out.
    boolean withGit = args.length <= 5 || !args[5].equals("no-git");
    List<String> lines = new ArrayList<>();
    for (int count : counts) {
      Path data = work.resolve("store-pngs-" + count);
      if (!Files.isDirectory(data)) {
        System.out.printf("Generating %d PNGs in %s ...%n", count, data);
        // Generated beside it and renamed, so that an interrupted run leaves no partial corpus.
        Path partial = work.resolve("store-pngs-" + count + ".partial");
        shell(List.of("rm", "-rf", partial.toString()));
        generate(partial, count);
        Files.move(partial, data);
      }
      readAll(data);
      Map<String, double[]> times = new LinkedHashMap<>();
      for (int r = 0; r < repeats; r++) {
        Path run = Files.createDirectories(work.resolve("store-run"));
        record(times, "cp -r + sync", r, repeats, copyAndSync(data, run.resolve("copy")));
        if (withGit) {
          record(times, "git add (fresh repository)", r, repeats, gitAdd(data, run.resolve("git")));
        }
        record(times, "version-data (first: every object stored)", r, repeats, version(data, run));
        record(times, "checkout-data (into an empty directory)", r, repeats, checkout(run));
        clean(run);
      }
      for (var e : times.entrySet()) {
        double[] t = e.getValue().clone();
        Arrays.sort(t);
        lines.add(label + "\t" + e.getKey() + "\t" + count + "\t" + median(t) + "\t" + repeats);
        System.out.printf("%s %s %d: %s%n", label, e.getKey(), count, Arrays.toString(t));
      }
    }
    Files.write(
        work.resolve(("store-" + label + "-" + args[3]).replaceAll("[^A-Za-z0-9]+", "-") + ".tsv"),
        lines);
    StoreRows.write(work, docs);
  }

  /** The median of sorted times; of an even count, the mean of the middle two. */
  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void record(Map<String, double[]> times, String what, int r, int n, double s) {
    times.computeIfAbsent(what, k -> new double[n])[r] = s;
    System.out.printf("  %s: %.3f s%n", what, s);
  }

  /** 28x28 grey digits in {@code <class>/<i>.png}, each with its own noise so all differ. */
  static void generate(Path data, int count) throws IOException {
    Random random = new Random(20);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    for (int i = 0; i < count; i++) {
      int digit = i % 10;
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = image.createGraphics();
      g.setFont(font);
      g.setColor(Color.WHITE);
      g.drawString(Integer.toString(digit), 6 + random.nextInt(5), 22 + random.nextInt(4));
      g.dispose();
      for (int k = 0; k < 200; k++) {
        image.getRaster().setSample(random.nextInt(28), random.nextInt(28), 0, random.nextInt(256));
      }
      Path file = data.resolve(Integer.toString(digit)).resolve(i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(image, "png", file.toFile());
    }
  }

  private static void readAll(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.readAllBytes(f);
      }
    }
  }

  private static double copyAndSync(Path data, Path target) throws Exception {
    return timed(
        List.of("bash", "-c", "cp -r \"$0\" \"$1\" && sync", data.toString(), "" + target));
  }

  /** {@code git add} of every file into a fresh repository whose work tree is the data. */
  private static double gitAdd(Path data, Path gitDir) throws Exception {
    shell(List.of("git", "init", "-q", "--bare", gitDir.toString()));
    return timed(
        List.of(
            "git",
            "--git-dir=" + gitDir,
            "--work-tree=" + data,
            "-c",
            "core.hooksPath=/dev/null",
            "add",
            "-A",
            "."));
  }

  /** Scan (every file hashed) + store every object + registry commit, as version-data does. */
  private static double version(Path data, Path run) throws Exception {
    Path project = Files.createDirectories(run.resolve("project"));
    shell(List.of("git", "-C", project.toString(), "init", "-q", "-b", "main"));
    shell(
        List.of(
            "git",
            "-C",
            "" + project,
            "-c",
            "user.name=B",
            "-c",
            "user.email=b@example.org",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "initial"));
    int cores = Runtime.getRuntime().availableProcessors();
    long start = System.nanoTime();
    var manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, run.resolve("hash-cache.tsv"), cores))
            .manifest();
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      new DatasetVersions(registry, new ObjectStore(run.resolve("store")), Progress.NONE)
          .version(new VersionRequest("digits", manifest, data, Optional.empty(), false));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Restores version 1 into a directory that does not exist yet. */
  private static double checkout(Path run) throws Exception {
    long start = System.nanoTime();
    try (RegistryRepository registry = RegistryRepository.open(run.resolve("project"))) {
      new DatasetVersions(registry, new ObjectStore(run.resolve("store")), Progress.NONE)
          .checkout("digits", 1, run.resolve("checkout"), false, null);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double timed(List<String> command) throws Exception {
    long start = System.nanoTime();
    shell(command);
    return (System.nanoTime() - start) / 1e9;
  }

  private static void shell(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(command + " failed with exit code " + p.exitValue());
    }
  }

  /** Removes a run's files and flushes the deletions, so the next run starts from a quiet disk. */
  private static void clean(Path run) throws Exception {
    shell(List.of("rm", "-rf", run.toString()));
    shell(List.of("sync"));
  }
}
