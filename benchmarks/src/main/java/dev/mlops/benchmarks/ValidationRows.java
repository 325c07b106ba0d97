package dev.mlops.benchmarks;

import dev.mlops.core.Progress;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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

  private static ValidationResult validate(Path data, ScanResult scan, int threads)
      throws Exception {
    ValidationConfig config = ValidationConfig.builder().optThreads(threads).build();
    return new DataValidator()
        .validate(data, scan.manifest(), scan.otherFiles(), config, Progress.NONE);
  }
}
