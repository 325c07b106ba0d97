package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.fuzz.FuzzHarness;
import dev.mlops.core.fuzz.FuzzRegressions;
import dev.mlops.core.fuzz.FuzzReport;
import dev.mlops.core.fuzz.ImageMutator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of the image fuzzer on the server's side (the core's targets are fuzzed by the
 * core's {@code ImageFuzzTest}; the long form is {@code benchmarks/run.sh fuzz}): every mutant is
 * decoded and preprocessed, or refused with a 400/413 naming the upload, within the timeout; a
 * header over maxPixels is refused before decoding.
 */
class ImageFuzzTest {
  private static final long MAX_PIXELS = 16_000_000L;
  private static final int FILES = Integer.getInteger("fuzz.files", 400);

  @TempDir Path work;

  @Test
  void seededMutants_throughUploadPreprocessing_refusedByNameWithoutCrashOrHang() {
    FuzzReport report;
    try (FuzzHarness harness = harness()) {
      ImageMutator mutator = new ImageMutator(20);
      for (int i = 0; i < FILES; i++) {
        ImageMutator.Mutant m = mutator.next();
        harness.run(m.name(), m.mutations(), m.bytes());
      }
      report = harness.report();
    }

    assertThat(report.crashes()).isEmpty();
    assertThat(report.hangs()).isEmpty();
    assertThat(report.reportedBy().get("serving")).isGreaterThan(FILES / 2);
  }

  @Test
  void regressionFiles_throughUploadPreprocessing_eachRefusedByName() {
    List<FuzzRegressions.Regression> files = FuzzRegressions.all();
    FuzzReport report;
    try (FuzzHarness harness = harness()) {
      files.forEach(r -> harness.run(r.name(), r.why(), r.bytes()));
      report = harness.report();
    }

    assertThat(report.crashes()).isEmpty();
    assertThat(report.hangs()).isEmpty();
    assertThat(report.reportedBy().get("serving")).isEqualTo(files.size());
  }

  private FuzzHarness harness() {
    return new FuzzHarness(
        work, List.of(new ServingFuzzTarget(MAX_PIXELS)), MAX_PIXELS, Duration.ofSeconds(20));
  }
}
