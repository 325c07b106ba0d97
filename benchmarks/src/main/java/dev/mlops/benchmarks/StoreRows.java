package dev.mlops.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The "Versioning many small files" section, rendered from every {@code store-*.tsv} result. */
final class StoreRows {
  private StoreRows() {}

  /** One median: which build, what, how many files, seconds, of how many runs. */
  private record Point(String label, String what, int count, double seconds, int runs) {}

  /** Renders the section again from the results in {@code <work dir>}: {@code <work> <docs>}. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), Path.of(args[1]));
  }

  static void write(Path work, Path docs) throws IOException {
    List<Point> points = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(work, "store-*.tsv")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f)) {
          String[] p = line.split("\t");
          points.add(
              new Point(
                  p[0],
                  p[1],
                  Integer.parseInt(p[2]),
                  Double.parseDouble(p[3]),
                  Integer.parseInt(p[4])));
        }
      }
    }
    String body = section(points);
    System.out.println(body);
    DataBenchmark.Docs.replaceSection(docs, "store", body);
  }

  private static String section(List<Point> points) throws IOException {
    TreeSet<Integer> counts = new TreeSet<>();
    Map<String, Map<Integer, Double>> rows = new TreeMap<>();
    Map<String, Integer> runs = new TreeMap<>();
    for (Point p : points) {
      counts.add(p.count());
      rows.computeIfAbsent(p.label() + " | " + p.what(), k -> new TreeMap<>())
          .put(p.count(), p.seconds());
      runs.put(p.label() + " | " + p.what() + " | " + p.count(), p.runs());
    }
    StringBuilder table = new StringBuilder("| build | what |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (int c : counts) {
      table.append(String.format(Locale.ROOT, " %,d seconds | %,d files/s |", c, c));
      rule.append("---:|---:|");
    }
    table.append('\n').append(rule).append('\n');
    for (var row : rows.entrySet()) {
      table.append("| ").append(row.getKey()).append(" |");
      for (int c : counts) {
        Double s = row.getValue().get(c);
        String key = row.getKey() + " | " + c;
        table.append(
            s == null
                ? " | |"
                : String.format(
                    Locale.ROOT, " %.2f (%s) | %,.0f |", s, runs(runs.get(key)), c / s));
      }
      table.append('\n');
    }
    return String.format(
        Locale.ROOT,
        """
        ## Versioning many small files

        Measured %s by `benchmarks/run.sh store` (class `StoreBenchmark`) on generated 28x28 grey
        PNG digits (about 490 bytes each, in ten class folders), %s, %d cores, ext4 on a virtual
        disk, a machine shared with other jobs. Files in the page cache (read once first). Each
        point is the median of the runs shown beside it, the rows of one build interleaved in each
        run (cp, git, version, checkout, then the next run); an empty cell was not measured.
        `version-data` is the core API the goal calls (scan with every file hashed, store every
        object, commit to a fresh registry), without Maven's own start; `checkout-data` restores
        that version into a directory that does not exist yet. `git add` writes loose objects
        without fsync (Git's default); `cp -r` + `sync` flushes everything. Both version-data and
        checkout-data return only when every file and folder they wrote is on disk: the "main" and
        "this branch" rows by an fsync of each file, then of each folder; the "syncfs" rows by
        one `sync --file-system` (Linux syncfs) of the store's file system after the copies and
        one after the renames. `sync` flushes the dirty data of every process on the machine,
        fsync only the files named, so on a disk shared with other writers `cp -r` + `sync` pays
        for their data too, and the ratios below depend on how busy the disk was.

        %s
        %s
        """,
        LocalDate.now(),
        cpu(),
        Runtime.getRuntime().availableProcessors(),
        table,
        verdicts(rows, counts));
  }

  /** Each build's version-data and checkout-data against {@code cp -r} + {@code sync}. */
  private static String verdicts(Map<String, Map<Integer, Double>> rows, TreeSet<Integer> counts) {
    StringBuilder out = new StringBuilder();
    for (var row : rows.entrySet()) {
      String[] key = row.getKey().split(" \\| ", 2);
      if (!key[1].startsWith("version-data") && !key[1].startsWith("checkout-data")) {
        continue;
      }
      Map<Integer, Double> cp = rows.get(key[0] + " | cp -r + sync");
      for (int c : counts) {
        Double s = row.getValue().get(c);
        if (cp != null && s != null && cp.get(c) != null) {
          double ratio = s / cp.get(c);
          out.append(
              String.format(
                  Locale.ROOT,
                  "- %s, %s, %,d files: %.2fx `cp -r` + `sync` (target <= 1.5x: %s)%n",
                  key[0],
                  key[1].substring(0, key[1].indexOf(' ')),
                  c,
                  ratio,
                  ratio <= 1.5 ? "met" : "NOT met"));
        }
      }
    }
    return out.toString();
  }

  private static String runs(int n) {
    return n == 1 ? "1 run" : "median of " + n;
  }

  private static String cpu() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown CPU";
  }
}
