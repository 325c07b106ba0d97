package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataValidatorTest {
  @TempDir Path dir;

  private final DataValidator validator = new DataValidator();

  private ValidationConfig config(Set<String> disabled, int threads) throws InvalidInputException {
    return ValidationConfig.builder()
        .optClasses(List.of("cat", "dog"))
        .optThreads(threads)
        .optDisabledChecks(disabled)
        .build();
  }

  private ValidationResult validate(List<String> other, ValidationConfig config)
      throws IOException, MlopsException {
    return validator.validate(dir, TestImages.manifest(dir), other, config, Progress.NONE);
  }

  /** Train and val with cat and dog; one problem of each kind. */
  private void mixedDataset() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.png(dir, "train/cat/b.png", TestImages.pattern(2));
    TestImages.truncateJpegScan(TestImages.jpeg(dir, "train/cat/cut.jpg", TestImages.pattern(3)));
    TestImages.png(dir, "train/dog/c.png", TestImages.pattern(4));
    TestImages.png(dir, "train/dog/d.png", TestImages.pattern(5));
    BufferedImage gray = new BufferedImage(36, 32, BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(TestImages.pattern(6), 0, 0, null);
    TestImages.png(dir, "train/dog/gray.png", gray);
    TestImages.copy(dir, "train/cat/a.png", "val/cat/a-copy.png");
    TestImages.jpeg(dir, "val/cat/e.jpg", TestImages.pattern(2));
    TestImages.png(dir, "val/dog/f.png", TestImages.pattern(7));
    TestImages.bytes(dir, "val/dog/bomb.png", TestImages.pngHeaderClaiming(50_000, 50_000));
    TestImages.text(dir, "README.txt", "not an image");
  }

  @Test
  void validate_cleanDataset_passesWithoutFindings() throws Exception {
    String[] files = {
      "train/cat/1.png", "train/cat/2.jpg", "train/dog/3.png", "train/dog/4.png",
      "val/cat/5.png", "val/dog/6.jpg", "test/cat/7.png", "test/dog/8.png"
    };
    for (int i = 0; i < files.length; i++) {
      if (files[i].endsWith(".png")) {
        TestImages.png(dir, files[i], TestImages.pattern(100 + i));
      } else {
        TestImages.jpeg(dir, files[i], TestImages.pattern(100 + i));
      }
    }
    Manifest manifest = TestImages.manifest(dir);

    ValidationResult result = validate(List.of(), config(Set.of(), 2));

    assertThat(result.findings()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.manifestId()).isEqualTo(manifest.id());
    assertThat(result.counts())
        .isEqualTo(
            Map.of(
                "train", Map.of("cat", 2, "dog", 2),
                "val", Map.of("cat", 1, "dog", 1),
                "test", Map.of("cat", 1, "dog", 1)));
    assertThat(result.stats().images()).isEqualTo(8);
    assertThat(result.stats().bytes()).isEqualTo(manifest.totalBytes());
    assertThat(result.stats().threads()).isEqualTo(2);
    assertThat(result.stats().decodeSeconds()).isPositive();
    assertThat(result.stats().seconds()).isGreaterThanOrEqualTo(result.stats().inspectSeconds());
  }

  @Test
  void validate_mixedDataset_reportsExactFindingsErrorsFirst() throws Exception {
    mixedDataset();

    ValidationResult result = validate(List.of("README.txt"), config(Set.of(), 2));

    assertThat(result.findings())
        .extracting(Finding::severity, Finding::check, Finding::files)
        .containsExactly(
            tuple(Severity.ERROR, "decodable", List.of("train/cat/cut.jpg")),
            tuple(Severity.ERROR, "oversized", List.of("val/dog/bomb.png")),
            tuple(Severity.ERROR, "leakage", List.of("train/cat/a.png", "val/cat/a-copy.png")),
            tuple(
                Severity.WARNING,
                "near-duplicates",
                List.of("train/cat/b.png ~ val/cat/e.jpg (distance 0)")),
            tuple(Severity.WARNING, "channels", List.of("train/dog/gray.png")),
            tuple(Severity.WARNING, "other-files", List.of("README.txt")));
    assertThat(result.errors()).isEqualTo(3);
    assertThat(result.warnings()).isEqualTo(3);
    assertThat(result.passed()).isFalse();
    assertThat(result.counts())
        .isEqualTo(Map.of("train", Map.of("cat", 3, "dog", 3), "val", Map.of("cat", 2, "dog", 2)));
  }

  @Test
  void validate_disabledChecks_areNotRun() throws Exception {
    mixedDataset();

    ValidationResult result =
        validate(
            List.of("README.txt"),
            config(Set.of("decodable", "oversized", "leakage", "channels", "other-files"), 2));

    assertThat(result.findings()).extracting(Finding::check).containsExactly("near-duplicates");
    assertThat(result.passed()).isTrue();
  }

  @Test
  void validate_oneOrTwoThreads_sameFindings() throws Exception {
    mixedDataset();

    ValidationResult one = validate(List.of(), config(Set.of(), 1));
    ValidationResult two = validate(List.of(), config(Set.of(), 2));

    assertThat(one.findings()).isEqualTo(two.findings());
    assertThat(one.stats().threads()).isEqualTo(1);
  }

  @Test
  void validate_anyDataset_reportsProgressPerStageNotPerFile() throws Exception {
    mixedDataset();
    List<String> events = new ArrayList<>();
    Progress progress = ProgressLog.to(events);

    validator.validate(dir, TestImages.manifest(dir), List.of(), config(Set.of(), 2), progress);

    assertThat(events).hasSize(3);
    assertThat(events.get(0)).startsWith("Validating 10 images in ").endsWith(" on 2 threads");
    assertThat(events.get(1)).startsWith("Inspected 10 images in ");
    assertThat(events.get(2)).isEqualTo("Ran 10 checks: 3 errors, 2 warnings");
  }

  @Test
  void validate_fileDeletedAfterScan_throwsNamingIt() throws Exception {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.png(dir, "train/cat/b.png", TestImages.pattern(2));
    Manifest manifest = TestImages.manifest(dir);
    Files.delete(dir.resolve("train/cat/b.png"));

    assertThatThrownBy(
            () -> validator.validate(dir, manifest, List.of(), config(Set.of(), 2), Progress.NONE))
        .isInstanceOf(MlopsException.class)
        .isNotInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("cannot read train/cat/b.png: ");
  }

  @Test
  void validateOrReuse_symbolicLinks_warnsNamingEachAsNotFollowedAndValidatesAgainForANewOne(
      @TempDir Path out) throws Exception {
    TestImages.png(dir, "train/cat/1.png", TestImages.pattern(1));
    TestImages.png(dir, "train/dog/2.png", TestImages.pattern(2));
    TestImages.png(out, "elsewhere/3.png", TestImages.pattern(3));
    Files.createSymbolicLink(dir.resolve("train/cat/link.png"), Path.of("1.png"));
    Path report = out.resolve("validation.json");
    validator.validateOrReuse(dir, scan(), config(Set.of(), 1), report, Progress.NONE);
    Files.createSymbolicLink(dir.resolve("train/dog/more"), out.resolve("elsewhere"));

    ValidationResult result =
        validator.validateOrReuse(dir, scan(), config(Set.of(), 1), report, Progress.NONE);

    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(OtherFilesCheck.ID);
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.files()).containsExactly("train/cat/link.png", "train/dog/more");
              assertThat(f.message())
                  .startsWith(
                      "2 symbolic links were skipped, not followed (neither they nor their"
                          + " targets are part of the dataset): train/cat/link.png,"
                          + " train/dog/more;");
            });
    assertThat(result.summaryLines(10)).contains("    train/cat/link.png", "    train/dog/more");
  }

  @Test
  void summaryLines_fileNameWithNewline_isOneEscapedLinePerName() throws Exception {
    TestImages.png(dir, "train/cat/1.png", TestImages.pattern(1));
    TestImages.png(dir, "train/dog/2.png", TestImages.pattern(2));
    TestImages.text(dir, "train/dog/bad\nname.png", "not an image");
    TestImages.text(dir, "notes\r.txt", "x");

    List<String> lines =
        validator.validate(dir, scan(), config(Set.of(), 1), Progress.NONE).summaryLines(10);

    assertThat(lines).noneMatch(l -> l.contains("\n") || l.contains("\r"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("ERROR [decodable] train/dog/bad\\nname.png: not a decodable"))
        .contains("    train/dog/bad\\nname.png", "    notes\\r.txt");
  }

  private ScanResult scan() throws MlopsException {
    return new DatasetScanner(Progress.NONE).scan(new ScanConfig(dir, SplitPolicy.DEFAULT, null));
  }

  @Test
  void validateOrReuse_sameInputs_reusesTheReportWithoutInspectingAnImage(@TempDir Path out)
      throws Exception {
    mixedDataset();
    Manifest manifest = TestImages.manifest(dir);
    Path report = out.resolve("validation.json");
    List<String> events = new ArrayList<>();
    ValidationResult first =
        validator.validateOrReuse(
            dir, manifest, List.of("README.txt"), config(Set.of(), 2), report, Progress.NONE);
    byte[] written = Files.readAllBytes(report);

    ValidationResult again =
        validator.validateOrReuse(
            dir,
            manifest,
            List.of("README.txt"),
            config(Set.of(), 1),
            report,
            ProgressLog.to(events));

    assertThat(first.inputs()).matches("[0-9a-f]{64}");
    assertThat(again).isEqualTo(first);
    assertThat(again.passed()).isFalse();
    assertThat(Files.readAllBytes(report)).isEqualTo(written);
    assertThat(events)
        .singleElement()
        .asString()
        .startsWith("Validation is up to date: manifest " + manifest.id().substring(0, 12))
        .endsWith("; not inspected again");
  }

  @Test
  void validateOrReuse_otherSettingFilesOrData_validatesAgain(@TempDir Path out) throws Exception {
    mixedDataset();
    Path report = out.resolve("validation.json");
    validator.validateOrReuse(
        dir, TestImages.manifest(dir), List.of(), config(Set.of(), 2), report, Progress.NONE);

    List<String> setting = new ArrayList<>();
    ValidationResult withoutDecodable =
        validator.validateOrReuse(
            dir,
            TestImages.manifest(dir),
            List.of(),
            config(Set.of(DecodableCheck.ID), 2),
            report,
            ProgressLog.to(setting));
    List<String> otherFiles = new ArrayList<>();
    validator.validateOrReuse(
        dir,
        TestImages.manifest(dir),
        List.of("README.txt"),
        config(Set.of(DecodableCheck.ID), 2),
        report,
        ProgressLog.to(otherFiles));
    Files.delete(dir.resolve("val/dog/bomb.png"));
    List<String> data = new ArrayList<>();
    ValidationResult fewer =
        validator.validateOrReuse(
            dir,
            TestImages.manifest(dir),
            List.of("README.txt"),
            config(Set.of(DecodableCheck.ID), 2),
            report,
            ProgressLog.to(data));

    assertThat(setting).anyMatch(e -> e.startsWith("Inspected 10 images"));
    assertThat(withoutDecodable.findings()).noneMatch(f -> f.check().equals(DecodableCheck.ID));
    assertThat(otherFiles).anyMatch(e -> e.startsWith("Inspected 10 images"));
    assertThat(data).anyMatch(e -> e.startsWith("Inspected 9 images"));
    assertThat(ValidationResult.readIfPresent(report)).contains(fewer);
  }

  @Test
  void checks_defaults_oneCheckPerIdInOrder() {
    assertThat(DataValidator.checks(ValidationConfig.defaults()))
        .extracting(Check::id)
        .isEqualTo(DataValidator.CHECK_IDS);
  }
}
