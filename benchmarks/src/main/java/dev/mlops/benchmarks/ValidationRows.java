package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** Validation throughput and how much of it is image decoding. */
final class ValidationRows {
  private ValidationRows() {}

  static List<Row> measure(Path data, ScanResult scan, int cores) throws Exception {
    ValidationResult best = null;
    for (int i = 0; i < 2; i++) {
      ValidationResult r = validate(data, scan, cores);
      if (best == null || r.stats().seconds() < best.stats().seconds()) {
        best = r;
      }
    }
    ValidationResult single = validate(data, scan, 1);
    var s = best.stats();
    double threadSeconds = s.inspectSeconds() * s.threads();
    String note =
        String.format(
            Locale.ROOT,
            "decoding+hashing %.0f%% of %d threads' time; %.2fx the 1-thread run (%.1f s)",
            100 * s.decodeSeconds() / threadSeconds,
            s.threads(),
            single.stats().seconds() / s.seconds(),
            single.stats().seconds());
    return List.of(
        decodeOnly(data, scan, cores),
        new Row(
            "mlops validate-data (" + s.threads() + " threads)",
            s.images(),
            s.bytes(),
            s.seconds(),
            note),
        new Row(
            "mlops validate-data (1 thread)",
            single.stats().images(),
            single.stats().bytes(),
            single.stats().seconds(),
            String.format(
                Locale.ROOT,
                "decoding+hashing %.0f%% of the time",
                100 * single.stats().decodeSeconds() / single.stats().inspectSeconds())));
  }

  /**
   * The floor for validation: {@code ImageIO.read} of every image on {@code threads} threads and
   * nothing else. Validation also reads headers, hashes pixels and runs the checks.
   */
  private static Row decodeOnly(Path data, ScanResult scan, int threads) throws Exception {
    List<Path> files = scan.manifest().entries().stream().map(e -> data.resolve(e.path())).toList();
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 2; run++) {
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < files.size();
                      i = next.getAndIncrement()) {
                    if (ImageIO.read(files.get(i).toFile()) == null) {
                      throw new IOException("cannot decode " + files.get(i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      pool.shutdown();
    }
    return new Row(
        "ImageIO.read only (" + threads + " threads; the decoding floor)",
        files.size(),
        scan.manifest().totalBytes(),
        best);
  }

  private static ValidationResult validate(Path data, ScanResult scan, int threads)
      throws Exception {
    ValidationConfig config = ValidationConfig.builder().optThreads(threads).build();
    return new DataValidator()
        .validate(data, scan.manifest(), scan.otherFiles(), config, Progress.NONE);
  }
}
