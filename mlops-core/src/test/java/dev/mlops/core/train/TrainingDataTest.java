package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.data.Layout;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.LabeledImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
  private static final Path DIR = Path.of("data");

  @Test
  void of_valSplit_usesItAndSortedLabels() throws InvalidInputException {
    List<ManifestEntry> entries = new ArrayList<>();
    entries.addAll(entries(Split.TRAIN, "zebra", 3));
    entries.addAll(entries(Split.TRAIN, "ant", 2));
    entries.addAll(entries(Split.VAL, "ant", 1));
    entries.addAll(entries(Split.TEST, "zebra", 1));

    TrainingData data = TrainingData.of(DIR, manifest(entries), 42, Progress.NONE);

    assertThat(data.labels()).containsExactly("ant", "zebra");
    assertThat(data.train()).hasSize(5);
    assertThat(data.val()).extracting(LabeledImage::relativePath).containsExactly("val/ant/0.png");
    assertThat(data.val().get(0).label()).isZero();
    assertThat(data.val().get(0).file()).isEqualTo(DIR.resolve("val/ant/0.png"));
    assertThat(data.validation()).isEqualTo("val split");
  }

  @Test
  void of_noValSplit_holdsOutATenthOfEveryClassReproducibly() throws InvalidInputException {
    List<ManifestEntry> entries = new ArrayList<>();
    entries.addAll(entries(Split.TRAIN, "a", 20));
    entries.addAll(entries(Split.TRAIN, "b", 5));
    List<String> lines = new ArrayList<>();
    Progress progress = ProgressLog.to(lines);

    TrainingData first = TrainingData.of(DIR, manifest(entries), 42, progress);
    TrainingData again = TrainingData.of(DIR, manifest(entries), 42, Progress.NONE);
    TrainingData otherSeed = TrainingData.of(DIR, manifest(entries), 7, Progress.NONE);

    assertThat(first.val()).extracting(LabeledImage::label).containsOnly(0, 1).hasSize(3);
    assertThat(first.val().stream().filter(i -> i.label() == 0)).hasSize(2);
    assertThat(first.train()).hasSize(22).doesNotContainAnyElementsOf(first.val());
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed.val()).isNotEqualTo(first.val());
    assertThat(first.validation()).isEqualTo("10% of train held out, stratified, seed 42");
    assertThat(lines)
        .containsExactly(
            "no val split in the dataset: holding out 3 of 25 training images for validation"
                + " (10% of train held out, stratified, seed 42)");
  }

  @Test
  void of_oneClass_isRejected() {
    Manifest manifest = manifest(entries(Split.TRAIN, "only", 4));

    assertThatThrownBy(() -> TrainingData.of(DIR, manifest, 42, Progress.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has 1 class(es) [only]; a classifier needs at least 2");
  }

  @Test
  void of_noTrainingImages_isRejected() {
    List<ManifestEntry> entries = new ArrayList<>(entries(Split.VAL, "a", 2));
    entries.addAll(entries(Split.VAL, "b", 2));

    assertThatThrownBy(() -> TrainingData.of(DIR, manifest(entries), 42, Progress.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no training images; put them under train/<class>/");
  }

  @Test
  void of_classWithoutTrainingImages_warns() throws InvalidInputException {
    List<ManifestEntry> entries = new ArrayList<>(entries(Split.TRAIN, "a", 2));
    entries.addAll(entries(Split.TRAIN, "b", 2));
    entries.addAll(entries(Split.VAL, "c", 1));
    List<String> lines = new ArrayList<>();

    TrainingData.of(DIR, manifest(entries), 42, ProgressLog.to(lines));

    assertThat(lines)
        .contains("WARN class 'c' has no training images; the model cannot learn to predict it");
  }

  @Test
  void channelSample_spreadsOverTheTrainingImages() throws InvalidInputException {
    List<ManifestEntry> entries = new ArrayList<>(entries(Split.TRAIN, "a", 10));
    entries.addAll(entries(Split.TRAIN, "b", 10));
    entries.addAll(entries(Split.VAL, "a", 1));
    TrainingData data = TrainingData.of(DIR, manifest(entries), 42, Progress.NONE);

    assertThat(data.channelSample(4))
        .extracting(LabeledImage::file)
        .containsExactly(
            DIR.resolve("train/a/0.png"),
            DIR.resolve("train/a/5.png"),
            DIR.resolve("train/b/0.png"),
            DIR.resolve("train/b/5.png"));
    assertThat(data.channelSample(100)).hasSize(20);
  }

  private static List<ManifestEntry> entries(Split split, String label, int n) {
    List<ManifestEntry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String path = split.dirName() + "/" + label + "/" + i + ".png";
      entries.add(new ManifestEntry(path, split, label, Integer.toHexString(path.hashCode()), 10));
    }
    return entries;
  }

  private static Manifest manifest(List<ManifestEntry> entries) {
    return new Manifest(Layout.SPLIT_FOLDERS, null, entries);
  }
}
