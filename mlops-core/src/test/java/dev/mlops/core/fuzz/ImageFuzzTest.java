package dev.mlops.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of the image fuzzer (the long form is {@code benchmarks/run.sh fuzz}): seeded
 * mutants of real PNG and JPEG files through the scanner, validation and drift's reader. Every file
 * is accepted or reported by name, no call outlasts the timeout, and a header over maxPixels is
 * refused before decoding. Serving's preprocessing has its own {@code ImageFuzzTest}.
 */
class ImageFuzzTest {
  /** Decoding up to 16 MP (about 64 MB as ARGB) keeps every decode small next to any test heap. */
  static final long MAX_PIXELS = 16_000_000L;

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final int FILES = Integer.getInteger("fuzz.files", 300);

  @TempDir Path work;

  @Test
  void seededMutants_throughCoreTargets_reportedByNameWithoutCrashOrHang() {
    ImageMutator mutator = new ImageMutator(19);
    FuzzReport report;
    try (FuzzHarness harness = harness()) {
      for (int i = 0; i < FILES; i++) {
        ImageMutator.Mutant m = mutator.next();
        harness.run(m.name(), m.mutations(), m.bytes());
      }
      report = harness.report();
    }

    assertThat(report.crashes()).isEmpty();
    assertThat(report.hangs()).isEmpty();
    assertThat(report.reportedBy().get("scanner")).isZero();
    assertThat(report.reportedBy().get("validate")).isGreaterThan(FILES / 2);
    assertThat(report.reportedBy().get("drift")).isGreaterThan(FILES / 2);
  }

  @Test
  void regressionFiles_throughCoreTargets_eachReportedByNameByEveryDecoder() {
    List<FuzzRegressions.Regression> files = FuzzRegressions.all();
    FuzzReport report;
    try (FuzzHarness harness = harness()) {
      files.forEach(r -> harness.run(r.name(), r.why(), r.bytes()));
      report = harness.report();
    }

    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    assertThat(report.crashes()).isEmpty();
    assertThat(report.hangs()).isEmpty();
    assertThat(report.reportedBy().get("validate")).isEqualTo(files.size());
    assertThat(report.reportedBy().get("drift")).isEqualTo(files.size());
  }

  @Test
  void mutator_threeHundredFiles_useEveryKindOfMutation() {
    ImageMutator mutator = new ImageMutator(19);
    List<String> mutations = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      mutations.add(mutator.next().mutations());
    }

    String all = String.join(" ", mutations);
    assertThat(all)
        .contains("truncate@", "flip-bits", "set-bytes", "empty", "magic-noise")
        .contains("png-ihdr-", "-crc-ok", "png-chunk-length@", "png-crc@", "png-lying-")
        .contains("png-iccp-", "png-ztxt-", "jpeg-sof-", "jpeg-segment-length@")
        .contains("jpeg-sos-ss", "jpeg-scans-x", "jpeg-app1-exif", "jpeg-app2-icc");
    assertThat(new ImageMutator(19).next()).usingRecursiveComparison().isEqualTo(first(19));
  }

  private static ImageMutator.Mutant first(long seed) {
    return new ImageMutator(seed).next();
  }

  private FuzzHarness harness() {
    return new FuzzHarness(work, CoreTargets.all(MAX_PIXELS), MAX_PIXELS, TIMEOUT);
  }
}
