package dev.mlops.core.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.TinyOnnxModels;
import dev.mlops.core.image.ImagePreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local batch prediction: one row per file, the model's own probabilities, errors as rows. */
@Tag("pytorch")
class BatchPredictionTest {
  @TempDir Path dir;

  @Test
  void run_imagesAndBrokenFiles_rowsEqualPerImageInference() throws Exception {
    Path model = TinyOnnxModels.cnnSmall(dir.resolve("m"), 3, 16, 7);
    Path incoming = PredictFixtures.write(dir.resolve("in"), 40, 1);
    Path out = dir.resolve("out/predictions.parquet");

    PredictResult result =
        new BatchPrediction(Progress.NONE)
            .run(
                PredictRequest.builder()
                    .setModel(model.getParent())
                    .setFiles(incoming, out)
                    .optBatchSize(7)
                    .optWorkers(2)
                    .build());

    PredictionsReader.Contents read = PredictionsReader.read(out);
    assertThat(result.images()).isEqualTo(42);
    assertThat(result.failed()).isEqualTo(PredictFixtures.BROKEN);
    assertThat(result.bytes()).isEqualTo(Files.size(out));
    assertThat(read.labels()).containsExactly("class-0", "class-1", "class-2");
    assertThat(read.rows()).extracting(Prediction::path).isSorted().hasSize(42);
    assertThat(read.rows()).extracting(Prediction::path).doesNotContain(".DS_Store");
    try (OnnxClassifier onnx = OnnxClassifier.open(model, 1)) {
      ImagePreprocessor pre = new ImagePreprocessor(onnx.preprocessing());
      for (Prediction row : read.rows()) {
        if (row.path().equals("a/notes.jpg") || row.path().equals("b/truncated.jpg")) {
          assertThat(row.ok()).isFalse();
          assertThat(row.error()).contains(row.path());
          assertThat(row.sha256()).hasSize(64);
          continue;
        }
        float[] p =
            onnx.probabilities(pre.tensor(ImagePreprocessor.read(incoming.resolve(row.path()))), 1)[
                0];
        assertThat(row.probabilities())
            .containsExactly(p, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(row.label()).isEqualTo(read.labels().get(argmax(p)));
        assertThat(row.confidence()).isEqualTo(row.probabilities()[argmax(p)]);
      }
    }
  }

  @Test
  void run_sameInput_sameBytes() throws Exception {
    Path model = TinyOnnxModels.cnnSmall(dir.resolve("m"), 2, 16, 3);
    Path incoming = PredictFixtures.write(dir.resolve("in"), 12, 2);
    byte[][] files = new byte[2][];
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("p" + i + ".parquet");
      new BatchPrediction(Progress.NONE)
          .run(
              PredictRequest.builder()
                  .setModel(model)
                  .setFiles(incoming, out)
                  .optBatchSize(1 + 4 * i)
                  .build());
      files[i] = Files.readAllBytes(out);
    }
    assertThat(files[1]).isEqualTo(files[0]);
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void run_missingModel_namesTheFileAndExportOnnx() {
    assertThatThrownBy(
            () ->
                new BatchPrediction(Progress.NONE)
                    .run(
                        PredictRequest.builder()
                            .setModel(dir)
                            .setFiles(dir, dir.resolve("p.parquet"))
                            .build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining("export-onnx");
  }

  @Test
  void list_missingDirectory_namesIt() {
    assertThatThrownBy(() -> BatchPrediction.list(dir.resolve("nope")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nope");
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
