package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Progress;
import dev.mlops.core.data.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataValidator#validateInspected}: inspections and near-duplicate pairs from elsewhere. */
class ValidateInspectedTest {
  @TempDir Path dir;

  private final DataValidator validator = new DataValidator();
  private final ValidationConfig config = ValidationConfig.defaults();
  private ValidationContext context;
  private ScanResult scan;

  @BeforeEach
  void dataset() throws Exception {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.png(dir, "train/cat/b.png", TestImages.pattern(2));
    TestImages.png(dir, "train/dog/c.png", TestImages.pattern(3));
    TestImages.jpeg(dir, "val/cat/a-again.jpg", TestImages.pattern(1));
    TestImages.jpeg(dir, "test/dog/c-again.jpg", TestImages.pattern(3));
    TestImages.jpeg(dir, "test/dog/b-again.jpg", TestImages.pattern(2));
    TestImages.png(dir, "train/dog/b-same-split.png", TestImages.pattern(2));
    context = TestImages.context(dir);
    scan = new ScanResult(context.manifest(), List.of("notes.txt"), null);
  }

  @Test
  void validateInspected_pairsFoundElsewhere_givesTheLocalResult() throws Exception {
    ValidationResult local =
        validator.validate(dir, context.manifest(), List.of("notes.txt"), config, Progress.NONE);
    List<NearDuplicatePair> pairs =
        List.of(
            new NearDuplicatePair("test/dog/c-again.jpg", "train/dog/c.png"),
            new NearDuplicatePair("train/cat/a.png", "val/cat/a-again.jpg"),
            new NearDuplicatePair("val/cat/a-again.jpg", "train/cat/a.png"),
            new NearDuplicatePair("test/dog/b-again.jpg", "train/cat/b.png"),
            new NearDuplicatePair("test/dog/b-again.jpg", "train/dog/b-same-split.png"));

    ValidationResult inspected =
        validator.validateInspected(
            dir, scan, context.images(), pairs, config, local.stats(), Progress.NONE);

    assertThat(local.findings()).extracting(Finding::check).contains(NearDuplicatesCheck.ID);
    assertThat(inspected.findings()).isEqualTo(local.findings());
    assertThat(inspected.inputs()).isNotNull();
  }

  @Test
  void validateInspected_pairOfOneSplitOrFarApart_isNotReported() throws Exception {
    List<NearDuplicatePair> pairs =
        List.of(
            new NearDuplicatePair("train/cat/b.png", "train/dog/b-same-split.png"),
            new NearDuplicatePair("train/cat/a.png", "test/dog/c-again.jpg"));

    ValidationResult result =
        validator.validateInspected(
            dir, scan, context.images(), pairs, config, stats(), Progress.NONE);

    assertThat(result.findings()).extracting(Finding::check).doesNotContain(NearDuplicatesCheck.ID);
  }

  @Test
  void validateInspected_imagesOutOfManifestOrder_isRejected() {
    List<ImageInfo> shuffled = new ArrayList<>(context.images());
    shuffled.add(shuffled.remove(0));

    assertThatThrownBy(
            () ->
                validator.validateInspected(
                    dir, scan, shuffled, List.of(), config, stats(), Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("manifest order");
  }

  private ValidationStats stats() {
    return new ValidationStats(context.images().size(), 0, 0, 0, 0, 1);
  }
}
