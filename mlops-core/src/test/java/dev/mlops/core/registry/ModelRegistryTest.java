package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.registry.ModelVersionCard.Artifact;
import dev.mlops.core.store.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path tmp;
  private RegistryFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegistryFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void register_newFingerprint_commitsCardAndTagsHead() throws Exception {
    String manifestId = f.versionedData();

    RegisterResult result = f.register("pets-cnn", "fp-one", manifestId, 3);

    assertThat(result.created()).isTrue();
    ModelVersionCard card = result.card();
    assertThat(card.version()).isEqualTo(1);
    assertThat(card.dataset()).isEqualTo(new ModelVersionCard.DatasetRef("pets", 1, manifestId));
    assertThat(card.architecture()).isEqualTo("cnn-small");
    assertThat(card.hyperparameters()).containsEntry("epochs", 3);
    assertThat(card.metrics().accuracy()).isEqualTo(0.75);
    assertThat(card.createdBy()).isEqualTo("Ada Tester <ada@example.org>");
    assertThat(card.sourceCommit()).isEqualTo(f.registry.headCommit().orElseThrow());
    assertThat(card.parentVersion()).isNull();
    assertThat(card.artifacts())
        .extracting(Artifact::name)
        .containsExactly(
            "params",
            "graph.json",
            "labels.json",
            "preprocessing.json",
            "card.json",
            "fingerprint");
    Path params = f.root.resolve("models/fp-one/params");
    assertThat(card.artifact("params").orElseThrow().sha256()).isEqualTo(Hashing.sha256(params));
    assertThat(f.store.has(Hashing.sha256(params))).isTrue();
    byte[] stored = f.registry.read("models/pets-cnn/v1/card.json").orElseThrow();
    assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\n  \"version\" : 1");
    assertThat(Json.mapper().readValue(stored, ModelVersionCard.class)).isEqualTo(card);
    assertThat(f.registry.tagTarget("model/pets-cnn/v1")).contains(card.sourceCommit());
  }

  @Test
  void register_sameFingerprintTwice_returnsExistingVersion() throws Exception {
    String manifestId = f.versionedData();
    RegisterResult first = f.register("pets-cnn", "fp-one", manifestId, 3);
    String head = f.registry.registryHead().orElseThrow();

    RegisterResult second = f.register("pets-cnn", "fp-one", manifestId, 3);

    assertThat(second.created()).isFalse();
    assertThat(second.card()).isEqualTo(first.card());
    assertThat(second.summaryLines().get(0)).contains("already registered as v1");
    assertThat(f.registry.registryHead()).contains(head);
  }

  @Test
  void register_otherFingerprint_allocatesNextVersion() throws Exception {
    String manifestId = f.versionedData();
    f.register("pets-cnn", "fp-one", manifestId, 3);

    RegisterResult second = f.register("pets-cnn", "fp-two", manifestId, 4);

    assertThat(second.card().version()).isEqualTo(2);
    assertThat(f.models.list("pets-cnn"))
        .extracting(ModelVersionCard::version)
        .containsExactly(1, 2);
    assertThat(f.registry.tags("model/pets-cnn/"))
        .containsExactly("model/pets-cnn/v1", "model/pets-cnn/v2");
  }

  @Test
  void register_dataNeverVersioned_failsWithVersionDataCommand() throws Exception {
    f.writeData("train/cat/a.png", "cat-a").writeData("train/dog/b.png", "dog-b");
    String unversioned = f.scan().id();

    assertThatThrownBy(() -> f.register("pets-cnn", "fp-one", unversioned, 3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version the data first")
        .hasMessageContaining(unversioned.substring(0, 12))
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.VERSION_DATA));
    assertThat(f.registry.registryHead()).isEmpty();
  }

  @Test
  void register_changedDataNotVersioned_failsAlthoughOtherVersionsExist() throws Exception {
    f.versionedData();
    f.writeData("train/cat/new.png", "cat-new");
    String changed = f.scan().id();

    assertThatThrownBy(() -> f.register("pets-cnn", "fp-one", changed, 3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no version of dataset 'pets'");
  }

  @Test
  void register_evaluationOfAnotherModel_isRefused() throws Exception {
    String manifestId = f.versionedData();
    RegisterRequest request =
        new RegisterRequest(
            "pets-cnn",
            f.fakeModel("fp-one", manifestId),
            RegistryFixture.report("fp-other", manifestId, 3),
            RegistryFixture.DATASET);

    assertThatThrownBy(() -> f.models.register(request))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fp-other")
        .hasMessageContaining("evaluate again before registering")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.EVALUATE));
  }

  @Test
  void register_incompleteModelDirectory_namesMissingFile() throws Exception {
    String manifestId = f.versionedData();
    Path dir = f.fakeModel("fp-one", manifestId);
    Files.delete(dir.resolve("fingerprint"));

    assertThatThrownBy(
            () ->
                f.models.register(
                    new RegisterRequest("pets-cnn", dir, null, RegistryFixture.DATASET)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fingerprint is missing; train a model first")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.TRAIN));
  }

  @Test
  void register_extraArtifactWithCoordinates_recordsBoth() throws Exception {
    String manifestId = f.versionedData();
    Path onnx = Files.writeString(tmp.resolve("model.onnx"), "onnx bytes");
    RegisterRequest request =
        new RegisterRequest(
            "pets-cnn",
            f.fakeModel("fp-one", manifestId),
            null,
            RegistryFixture.DATASET,
            Map.of("model.onnx", onnx),
            Map.of(
                "model.onnx", "com.example:pets:onnx:1.0", "params", "com.example:pets:model:1.0"),
            false,
            null);

    ModelVersionCard card = f.models.register(request).card();

    assertThat(card.artifact("model.onnx").orElseThrow())
        .isEqualTo(
            new Artifact("model.onnx", Hashing.sha256(onnx), 10, "com.example:pets:onnx:1.0"));
    assertThat(card.artifact("params").orElseThrow().coordinates())
        .isEqualTo("com.example:pets:model:1.0");
    assertThat(card.metrics()).isNull();
  }

  @Test
  void register_warmStartedFromRegisteredParams_recordsParentVersion() throws Exception {
    String manifestId = f.versionedData();
    ModelVersionCard v1 = f.register("pets-cnn", "fp-one", manifestId, 3).card();
    Path dir = f.fakeModel("fp-two", manifestId);
    RegistryFixture.writeCard(
        dir, "fp-two", manifestId, Map.of(), v1.artifact("params").orElseThrow().sha256());

    ModelVersionCard v2 =
        f.models.register(new RegisterRequest("pets-cnn", dir, null, "pets")).card();

    assertThat(v2.parentVersion()).isEqualTo(1);
  }

  @Test
  void register_importedWarmStart_recordsTheOriginAndHashOnTheRegistryCard() throws Exception {
    String manifestId = f.versionedData();
    ModelVersionCard plain = f.register("pets-cnn", "fp-one", manifestId, 3).card();
    Path dir = f.fakeModel("fp-onnx", manifestId);
    Path cardFile = dir.resolve("card.json");
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(cardFile.toFile());
    String origin =
        "resnet18.onnx: ONNX from pytorch 1.13.0 (opset 13), torchvision resnet18 layout, batch"
            + " norm folded into 20 convolutions";
    json.put("initFromSha256", "55".repeat(32));
    json.put("initFromOrigin", origin);
    Files.write(cardFile, Json.pretty(json));

    ModelVersionCard imported =
        f.models.register(new RegisterRequest("pets-cnn", dir, null, "pets")).card();

    assertThat(imported.initFromOrigin()).isEqualTo(origin);
    assertThat(imported.initFromSha256()).isEqualTo("55".repeat(32));
    assertThat(imported.parentVersion()).isNull();
    assertThat(f.models.card("pets-cnn", "v2").initFromOrigin()).isEqualTo(origin);
    assertThat(plain.initFromOrigin()).isNull();
    assertThat(new String(Json.pretty(plain), StandardCharsets.UTF_8))
        .doesNotContain("initFromOrigin")
        .doesNotContain("initFromSha256");
  }

  @Test
  void card_versionNumberOrAlias_resolvesTheSameVersion() throws Exception {
    String manifestId = f.versionedData();
    f.register("pets-cnn", "fp-one", manifestId, 3);
    f.register("pets-cnn", "fp-two", manifestId, 3);
    f.models.promote("pets-cnn", "staging", "1", ChampionGate.recorded(0), false);

    assertThat(f.models.card("pets-cnn", "v2").fingerprint()).isEqualTo("fp-two");
    assertThat(f.models.card("pets-cnn", "2").fingerprint()).isEqualTo("fp-two");
    assertThat(f.models.card("pets-cnn", "staging").fingerprint()).isEqualTo("fp-one");
  }

  @Test
  void card_unknownVersionOrAlias_listsWhatExists() throws Exception {
    String manifestId = f.versionedData();
    f.register("pets-cnn", "fp-one", manifestId, 3);

    assertThatThrownBy(() -> f.models.card("pets-cnn", "v9"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no version v9")
        .hasMessageContaining("existing versions: v1");
    assertThatThrownBy(() -> f.models.card("pets-cnn", "production"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no alias 'production'");
  }

  @Test
  void register_anyModel_leavesWorkingTreeUntouched() throws Exception {
    String manifestId = f.versionedData();
    f.register("pets-cnn", "fp-one", manifestId, 3);

    // The registry branch is written without the index: the project's working tree stays clean.
    assertThat(f.registry.isDirty()).isFalse();
    assertThat(TestRepos.registryHistory(f.project))
        .extracting(c -> c.getShortMessage())
        .first()
        .asString()
        .startsWith("model pets-cnn v1: dataset pets v1");
    assertThat(List.of(Files.list(f.project).toArray())).hasSize(2);
  }

  @Test
  void register_againAfterTagWasLost_restoresTheTag() throws Exception {
    String manifestId = f.versionedData();
    ModelVersionCard card = f.register("pets-cnn", "fp-one", manifestId, 3).card();
    try (Git git = Git.open(f.project.toFile())) {
      git.tagDelete().setTags("model/pets-cnn/v1").call();
    }

    f.register("pets-cnn", "fp-one", manifestId, 3);

    assertThat(f.registry.tagTarget("model/pets-cnn/v1")).contains(card.sourceCommit());
  }

  @Test
  void register_badNames_areRejectedBeforeAnythingIsStored() throws Exception {
    String manifestId = f.versionedData();

    assertThatThrownBy(() -> f.register("../evil", "fp-one", manifestId, 3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("model name '../evil' is not valid");
    assertThatThrownBy(
            () ->
                f.models.register(
                    new RegisterRequest(
                        "pets-cnn",
                        f.fakeModel("fp-one", manifestId),
                        null,
                        "pets",
                        Map.of("../x.onnx", f.root.resolve("models/fp-one/params")),
                        Map.of(),
                        false,
                        null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("artifact name '../x.onnx' is not valid");
    assertThat(f.models.list("pets-cnn")).isEmpty();
  }
}
