package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingImagesTest {
  @TempDir Path dir;

  private void touch(String path) throws Exception {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
  }

  @Test
  void classFolders_areLabels() throws Exception {
    touch("cat/1.png");
    touch("dog/2.JPG");
    touch("dog/notes.txt");
    touch("dog/.hidden.png");
    IncomingImages images = IncomingImages.scan(dir, List.of("cat", "dog"));
    assertThat(images.files()).containsExactly("cat/1.png", "dog/2.JPG");
    assertThat(images.labels()).containsExactly(0, 1);
    assertThat(images.layout()).isEqualTo("labeled by class folder");
  }

  @Test
  void otherFoldersOrLooseFiles_areUnlabeledAndNamed() throws Exception {
    touch("cat/1.png");
    touch("2026-11-24/2.png");
    touch("3.png");
    IncomingImages images = IncomingImages.scan(dir, List.of("cat", "dog"));
    assertThat(images.labeled()).isFalse();
    assertThat(images.files()).containsExactly("2026-11-24/2.png", "3.png", "cat/1.png");
    assertThat(images.layout())
        .isEqualTo(
            "unlabeled (images in (top level), 2026-11-24, which are not class folders of the"
                + " model)");
  }

  @Test
  void nestedClassFolders_areNotLabels() throws Exception {
    touch("cat/sub/1.png");
    assertThat(IncomingImages.scan(dir, List.of("cat")).labeled()).isFalse();
  }

  @Test
  void missingDirectory_namesItAndTheSetting() {
    assertThatThrownBy(() -> IncomingImages.scan(dir.resolve("nope"), List.of("cat")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("nope").toString())
        .hasMessageContaining("set incoming to the directory of the images to check")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("incoming"));
  }

  @Test
  void modelWithoutBaseline_saysHowToAddOne() {
    assertThatThrownBy(() -> Baseline.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no drift baseline (baseline.json)")
        .hasMessageContaining("train again (it adds the baseline without retraining)")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void baselineOfAnotherFormat_saysHowToRebuildIt() throws Exception {
    Files.writeString(dir.resolve(Baseline.FILE), "{\"format\": 99}");
    assertThatThrownBy(() -> Baseline.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has baseline format 99, this version of mlops reads format 1");
  }
}
