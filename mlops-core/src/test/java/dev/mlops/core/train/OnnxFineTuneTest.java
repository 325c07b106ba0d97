package dev.mlops.core.train;

import static dev.mlops.core.train.TrainingFixture.build;
import static dev.mlops.core.train.TrainingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.model.TorchvisionFixture;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.train.TrainingFixture.Recorder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training that starts from an imported torchvision ONNX file (resnet18, 32 px, one epoch). */
@Tag("pytorch")
class OnnxFineTuneTest {
  private static final String FORMAT =
      "ONNX from pytorch 1.13.0 (opset 13), torchvision resnet18 layout,"
          + " batch norm folded into 20 convolutions";
  private static final String ORIGIN = "resnet18-folded.onnx: " + FORMAT;

  @TempDir static Path shared;
  private static Path fixture;
  private static Path data;
  private static Manifest manifest;

  @TempDir Path root;

  @BeforeAll
  static void writeFixture() throws Exception {
    fixture = TorchvisionFixture.write(java.nio.file.Files.createDirectory(shared.resolve("fx")));
    data = TrainingFixture.brightAndDark(shared.resolve("data"), 4, 2);
    manifest = TrainingFixture.scan(data);
  }

  @Test
  void train_fromTorchvisionOnnx_logsTheImportAndRecordsItsOrigin() throws Exception {
    Path file = fixture.resolve("resnet18-folded.onnx");
    Recorder log = new Recorder();

    TrainingResult result =
        new ModelTrainer(log).train(request(data, manifest, config(file), root, null));

    assertThat(log.text())
        .contains("initialised from " + file + " (ONNX from pytorch 1.13.0 (opset 13)")
        .contains("head re-initialised (the file has 5 classes, the model 2)")
        .contains("WARN initFrom: resnet18-folded.onnx holds torchvision weights")
        .contains("inputSize 32 works")
        .contains("WARN initFrom: resnet18-folded.onnx has batch norm folded into 20");
    assertThat(result.history().epochs()).hasSize(1);
    ModelCard card = ModelCard.read(result.outputDir());
    assertThat(card.initFromOrigin()).isEqualTo(ORIGIN);
    assertThat(card.initFromSha256()).isEqualTo(Hashing.sha256(file));
  }

  @Test
  void plan_otherOnnxFile_hasAnotherFingerprint() throws Exception {
    Fingerprint folded = fingerprint(fixture.resolve("resnet18-folded.onnx"));
    Fingerprint unfolded = fingerprint(fixture.resolve("resnet18-unfolded.onnx"));

    assertThat(folded.value()).isNotEqualTo(unfolded.value());
    assertThat(folded.inputs().initFromFormat()).isEqualTo(FORMAT);
    assertThat(unfolded.inputs().initFromFormat()).endsWith("batch norm separate");
  }

  @Test
  void plan_renamedCopyOfTheOnnxFile_keepsTheFingerprint() throws Exception {
    Path copy = root.resolve("pretrained.onnx");
    java.nio.file.Files.copy(fixture.resolve("resnet18-folded.onnx"), copy);

    assertThat(fingerprint(copy).value())
        .isEqualTo(fingerprint(fixture.resolve("resnet18-folded.onnx")).value());
  }

  private Fingerprint fingerprint(Path initFrom) throws Exception {
    return TrainingPlan.of(request(data, manifest, config(initFrom), root, null), new Recorder())
        .fingerprint();
  }

  @Test
  void plan_grayImagesWithRgbWeightsAndNoChannelsSet_takesTheFilesThreeChannels() throws Exception {
    Path gray = root.resolve("gray");
    for (String label : java.util.List.of("a", "b")) {
      for (int i = 0; i < 4; i++) {
        var image =
            new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(i, i, 0, label.equals("a") ? 200 : 40);
        java.nio.file.Files.createDirectories(gray.resolve(label));
        javax.imageio.ImageIO.write(image, "png", gray.resolve(label + "/" + i + ".png").toFile());
      }
    }
    TrainingConfig config = config(fixture.resolve("resnet18-folded.onnx"));
    Recorder log = new Recorder();

    TrainingPlan plan =
        TrainingPlan.of(request(gray, TrainingFixture.scan(gray), config, root, null), log);

    assertThat(plan.graph().channels()).isEqualTo(3);
    assertThat(log.text())
        .contains("channels: 3 (the input of initFrom's resnet18-folded.onnx; set channels");
  }

  @Test
  void plan_pytorchStateDict_isRefusedBeforeTraining() {
    assertThatThrownBy(
            () ->
                TrainingPlan.of(
                    request(data, manifest, config(fixture.resolve("resnet18.pt")), root, null),
                    new Recorder()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("torch.onnx.export");
  }

  private static TrainingConfig config(Path initFrom) {
    return build(
        TrainingFixture.config()
            .optArchitecture("resnet18")
            .optInputSize(32)
            .optEpochs(1)
            .optInitFrom(initFrom));
  }
}
